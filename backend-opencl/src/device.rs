//! Device discovery and selection, what the backend reports about itself, and which ops it
//! implements for which dtypes.
//!
//! # Device order
//! Every device of every platform, in one flat list: first all GPU devices (platforms in
//! `clGetPlatformIDs` order, devices in `clGetDeviceIDs` order), then every other device
//! in the same order. Index 0 (`TENSOR_BACKEND=opencl`) is therefore the first GPU if
//! there is one, else the first device; `opencl:N` is entry `N` of that list, which
//! [`tensor_core::BackendInfo::devices`] prints in the same order.

use crate::error::{ClContext, unavailable};
use opencl3::device::{
    CL_DEVICE_TYPE_ALL, CL_DEVICE_TYPE_GPU, CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT, CL_FP_DENORM,
    Device,
};
use opencl3::platform::get_platforms;
use opencl3::types::cl_device_id;
use tensor_core::{DType, Result};

/// One entry of the flat device list.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The device handle.
    pub id: cl_device_id,
    /// `platform / device (OpenCL version, extensions)`.
    pub desc: String,
}

/// Short description of a device: name, version and the extensions that matter here.
fn describe(platform: &str, d: &Device) -> String {
    let name = d.name().unwrap_or_else(|_| "?".into());
    let ver = d.version().unwrap_or_else(|_| "?".into());
    let ext = d.extensions().unwrap_or_default();
    let keep: Vec<&str> = ext
        .split_whitespace()
        .filter(|e| {
            matches!(
                *e,
                "cl_khr_fp64" | "cl_khr_fp16" | "cl_khr_int64_base_atomics"
            )
        })
        .collect();
    format!("{platform} / {name} ({ver}, {})", keep.join(" "))
}

/// The flat device list described in the module docs. `Err` carries why there is none
/// (no ICD loader, no platform, ...).
pub fn list() -> std::result::Result<Vec<Entry>, String> {
    if !cl3::is_opencl_runtime_available() {
        return Err("no OpenCL runtime (libOpenCL.so / ICD loader not found)".into());
    }
    let platforms = get_platforms().map_err(|e| format!("clGetPlatformIDs failed: {e}"))?;
    if platforms.is_empty() {
        return Err("no OpenCL platform installed".into());
    }
    let (mut gpus, mut others) = (Vec::new(), Vec::new());
    for p in &platforms {
        let pname = p.name().unwrap_or_else(|_| "?".into());
        let Ok(ids) = p.get_devices(CL_DEVICE_TYPE_ALL) else {
            continue;
        };
        for id in ids {
            let d = Device::new(id);
            let e = Entry {
                id,
                desc: describe(&pname, &d),
            };
            let gpu = d.dev_type().is_ok_and(|t| t & CL_DEVICE_TYPE_GPU != 0);
            if gpu { gpus.push(e) } else { others.push(e) }
        }
    }
    gpus.extend(others);
    if gpus.is_empty() {
        return Err("OpenCL platforms found but no device".into());
    }
    Ok(gpus)
}

/// Properties of the chosen device that kernels and reports depend on.
#[derive(Clone, Debug)]
pub struct Caps {
    /// Device name.
    pub name: String,
    /// `f64` is used: the device has `cl_khr_fp64` and the option `fp64=off` was not given.
    /// It gives `f64` tensors, `f64` accumulation, `randn`, float `arange`/`linspace`.
    pub fp64: bool,
    /// The device reports `cl_khr_fp64` (whether or not it is used).
    pub device_fp64: bool,
    /// Subnormal floats are supported in single precision.
    pub denorm: bool,
    /// Single-precision divide and sqrt can be correctly rounded.
    pub correct_div_sqrt: bool,
    /// `CL_DEVICE_MAX_WORK_GROUP_SIZE`.
    pub max_wg: usize,
    /// `CL_DEVICE_MAX_MEM_ALLOC_SIZE`: the largest buffer, in bytes.
    pub max_alloc: u64,
    /// Options passed to every `clBuildProgram`.
    pub build_options: String,
}

impl Caps {
    /// Reads the capabilities of device `id`; with `allow_fp64` false the device is treated
    /// as one without `cl_khr_fp64` (the backend option `fp64=off`).
    pub fn of(id: cl_device_id, allow_fp64: bool) -> Result<Caps> {
        let d = Device::new(id);
        let ext = d.extensions().ctx("CL_DEVICE_EXTENSIONS")?;
        let device_fp64 = ext.split_whitespace().any(|e| e == "cl_khr_fp64");
        let fp64 = device_fp64 && allow_fp64;
        let sfp = d.single_fp_config().ctx("CL_DEVICE_SINGLE_FP_CONFIG")?;
        let correct_div_sqrt = sfp & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT != 0;
        let mut build_options = String::from("-cl-std=CL1.2");
        if correct_div_sqrt {
            build_options.push_str(" -cl-fp32-correctly-rounded-divide-sqrt");
        }
        Ok(Caps {
            name: d.name().ctx("CL_DEVICE_NAME")?,
            fp64,
            device_fp64,
            denorm: sfp & CL_FP_DENORM != 0,
            correct_div_sqrt,
            max_wg: d
                .max_work_group_size()
                .ctx("CL_DEVICE_MAX_WORK_GROUP_SIZE")?,
            max_alloc: d.max_mem_alloc_size().ctx("CL_DEVICE_MAX_MEM_ALLOC_SIZE")?,
            build_options,
        })
    }

    /// Whether tensors of `dt` can be stored and computed with.
    pub fn has_dtype(&self, dt: DType) -> bool {
        dt != DType::F64 || self.fp64
    }

    /// Element types stored.
    pub fn dtypes(&self) -> Vec<DType> {
        DType::ALL
            .into_iter()
            .filter(|&d| self.has_dtype(d))
            .collect()
    }
}

/// Serialises OpenCL discovery, context creation and program builds within this library:
/// the ICD loader's lazy initialisation and PoCL's compiler were seen to crash (SIGSEGV)
/// when several threads create backends at once.
pub static GLOBAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Picks device `index` of [`list`].
pub fn select(index: usize) -> Result<(Entry, Vec<Entry>)> {
    let all = list().map_err(unavailable)?;
    match all.get(index) {
        Some(e) => Ok((e.clone(), all)),
        None => Err(unavailable(format!(
            "device {index} asked for, but only {} OpenCL device(s) found: {}",
            all.len(),
            all.iter()
                .enumerate()
                .map(|(i, e)| format!("[{i}] {}", e.desc))
                .collect::<Vec<_>>()
                .join("; ")
        ))),
    }
}
