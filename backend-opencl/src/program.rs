//! The program cache: OpenCL C source is generated per op family and dtype, built once per
//! context on first use, and its kernels kept for the life of the backend. Kernel launches
//! happen under the cache's lock, because `clSetKernelArg` on a shared `cl_kernel` is not
//! thread-safe (the only OpenCL call here that is not).

use crate::buffer::ClBuffer;
use crate::error::{ClContext, backend, enqueue_error};
use opencl3::command_queue::CommandQueue;
use opencl3::context::Context;
use opencl3::kernel::Kernel;
use opencl3::program::Program;
use opencl3::types::{cl_device_id, cl_mem};
use std::collections::HashMap;
use std::sync::Mutex;
use tensor_core::Result;
use tensor_core::kernels::runtime::GpuBuffer;

/// A kernel argument (a `Lay` by value, `F64` only in kernels built with `cl_khr_fp64`).
pub type Arg<'a> = tensor_core::kernels::runtime::Arg<'a, ClBuffer>;

#[derive(Default)]
struct Cache {
    programs: HashMap<String, Program>,
    kernels: HashMap<String, Kernel>,
    builds: usize,
}

/// Built programs and their kernels, keyed by name.
pub struct Programs {
    cache: Mutex<Cache>,
    fp64: bool,
}

/// Whether OpenCL C source `src` uses double precision: the type `double`, the
/// `cl_khr_fp64` pragma, or a `double` math constant (`M_PI`; the `float` ones end in `_F`).
pub fn uses_double(src: &str) -> bool {
    src.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|t| t == "double" || t == "cl_khr_fp64" || (t.starts_with("M_") && !t.ends_with("_F")))
}

/// Builds `src` for `device`; a failure returns [`tensor_core::Error::Backend`] with the
/// build log.
pub fn build(
    ctx: &Context,
    device: cl_device_id,
    name: &str,
    src: &str,
    options: &str,
) -> Result<Program> {
    let _g = crate::device::GLOBAL
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let mut p = Program::create_from_source(ctx, src).ctx("clCreateProgramWithSource")?;
    if let Err(e) = p.build(&[device], options) {
        let log = p.get_build_log(device).unwrap_or_default();
        return Err(backend(format!(
            "building OpenCL program {name} failed: {e} ({}); build log:\n{log}",
            e.0
        )));
    }
    Ok(p)
}

impl Programs {
    /// An empty cache. With `fp64` false, a program whose source [`uses_double`] is refused
    /// with [`tensor_core::Error::Backend`] instead of being built: on a device without
    /// `cl_khr_fp64` (or with the backend option `fp64=off`) no kernel may touch `double`,
    /// and a driver that accepts it anyway (PoCL does) must not hide the mistake.
    pub fn new(fp64: bool) -> Self {
        Programs {
            cache: Mutex::new(Cache::default()),
            fp64,
        }
    }

    /// How many programs were built so far.
    pub fn builds(&self) -> usize {
        self.cache.lock().map(|c| c.builds).unwrap_or(0)
    }

    /// Launches `kernel` (its program built from its source on first use) over `global`
    /// work-items (`local`: the work-group size, or chosen by the driver).
    pub fn launch(
        &self,
        env: (&Context, cl_device_id, &CommandQueue, &str),
        kernel: tensor_core::kernels::runtime::Kernel<'_>,
        args: &[Arg<'_>],
        global: &[usize],
        local: Option<&[usize]>,
    ) -> Result<()> {
        let (program, source, kernel) = (kernel.program, kernel.source, kernel.name);
        if global.contains(&0) {
            return Ok(());
        }
        let (ctx, device, queue, options) = env;
        let mut c = self
            .cache
            .lock()
            .map_err(|_| backend("program cache lock poisoned"))?;
        if !c.kernels.contains_key(kernel) {
            if !c.programs.contains_key(program) {
                let src = source();
                if !self.fp64 && uses_double(&src) {
                    return Err(backend(format!(
                        "internal error: program {program} uses double precision, but fp64 is \
                         off on this device"
                    )));
                }
                let p = build(ctx, device, program, &src, options)?;
                c.builds += 1;
                c.programs.insert(program.to_string(), p);
            }
            let k = Kernel::create(&c.programs[program], kernel)
                .ctx(&format!("clCreateKernel({kernel})"))?;
            c.kernels.insert(kernel.to_string(), k);
        }
        let k = &c.kernels[kernel];
        for (i, a) in args.iter().enumerate() {
            let i = i as u32;
            // SAFETY: every argument matches the type of the kernel parameter at index `i`
            // (the generators in `ops` emit parameters in the order their callers pass them);
            // values are copied by clSetKernelArg, buffers are live `cl_mem` handles.
            let r = unsafe {
                match a {
                    Arg::Buf(b) => {
                        let m: cl_mem = b.raw();
                        k.set_arg(i, &m)
                    }
                    Arg::I64(v) => k.set_arg(i, v),
                    Arg::F64(v) => k.set_arg(i, v),
                    Arg::F32(v) => k.set_arg(i, v),
                    Arg::U32(v) => k.set_arg(i, v),
                    Arg::Lay(l) => k.set_arg(i, *l),
                }
            };
            r.ctx(&format!("clSetKernelArg({kernel}, {i})"))?;
        }
        let lp = local.map_or(std::ptr::null(), |l| l.as_ptr());
        // SAFETY: `global` (and `local`, if any) hold `global.len()` sizes; all arguments
        // were set above; the kernel stays alive in the cache while the queue uses it.
        unsafe {
            queue.enqueue_nd_range_kernel(
                k.get(),
                global.len() as u32,
                std::ptr::null(),
                global.as_ptr(),
                lp,
                &[],
            )
        }
        .map_err(|e| {
            // Buffers allocated lazily get their storage here: name what the kernel uses.
            let bytes = args
                .iter()
                .map(|a| match a {
                    Arg::Buf(b) => b.bytes(),
                    _ => 0,
                })
                .sum();
            enqueue_error(e, &format!("clEnqueueNDRangeKernel({kernel})"), bytes)
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::uses_double;

    #[test]
    fn double_precision_is_detected_by_token() {
        assert!(uses_double("double x = 1;"));
        assert!(uses_double("#pragma OPENCL EXTENSION cl_khr_fp64 : enable"));
        assert!(uses_double("float y = M_PI * x;"));
        assert!(!uses_double("float y = M_PI_F * x; // doubled"));
        assert!(!uses_double("inline float d2f(float x) { return x; }"));
    }
}
