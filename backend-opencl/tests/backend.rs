//! Device-level tests of the OpenCL backend: Philox stream, program cache, build-failure
//! path, device selection errors, and loading the cdylib as a plugin.

mod common;

use backend_opencl::OpenClBackend;
use tensor_core::{Backend, DType, Device, Dst, Error, RandDist, philox};

#[test]
fn missing_device_index_is_unavailable() {
    match OpenClBackend::create(999) {
        Err(Error::Unavailable { backend, reason }) => {
            assert_eq!(backend, "opencl");
            assert!(!reason.is_empty());
        }
        Err(e) => panic!("expected Unavailable, got {e}"),
        Ok(_) => panic!("device 999 should not exist"),
    }
}

#[test]
fn uniform_is_bit_identical_to_philox() {
    let Some(b) = common::backend_or_skip() else {
        return;
    };
    let n = 4099usize;
    for dt in [DType::F16, DType::BF16, DType::F32, DType::F64] {
        if !b.supports(tensor_core::Op::Rand(RandDist::Uniform), dt) {
            continue;
        }
        let mut buf = b.alloc(dt, n).unwrap();
        let shape = [n];
        b.rand(
            RandDist::Uniform,
            0x1234_5678_9abc_def0,
            Dst {
                buf: &mut buf,
                dtype: dt,
                shape: &shape,
            },
        )
        .unwrap();
        let mut bytes = vec![0u8; n * dt.size_of()];
        b.download(&buf, &mut bytes).unwrap();
        for i in 0..n {
            let want = philox::uniform(dt, 0x1234_5678_9abc_def0, i as u64);
            let got = match dt {
                DType::F16 => half::f16::from_le_bytes([bytes[2 * i], bytes[2 * i + 1]]).to_f64(),
                DType::BF16 => half::bf16::from_le_bytes([bytes[2 * i], bytes[2 * i + 1]]).to_f64(),
                DType::F32 => {
                    f32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().unwrap()) as f64
                }
                _ => f64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().unwrap()),
            };
            assert_eq!(got.to_bits(), want.to_bits(), "{dt} element {i}");
        }
    }
}

#[test]
fn programs_are_built_once() {
    let Some(b) = common::backend_or_skip() else {
        return;
    };
    let shape = [64usize];
    let mut buf = b.alloc(DType::F32, 64).unwrap();
    let run = |buf: &mut backend_opencl::ClBuffer| {
        b.rand(
            RandDist::Uniform,
            1,
            Dst {
                buf,
                dtype: DType::F32,
                shape: &shape,
            },
        )
        .unwrap()
    };
    run(&mut buf);
    let after_first = b.program_builds();
    assert_eq!(after_first, 1);
    run(&mut buf);
    run(&mut buf);
    assert_eq!(
        b.program_builds(),
        after_first,
        "second call rebuilt the program"
    );
    assert_eq!(b.info().extra["program_builds"], "1");
}

#[test]
fn broken_kernel_returns_the_build_log() {
    let Some(b) = common::backend_or_skip() else {
        return;
    };
    let err = b
        .build_program_for_test("__kernel void k(__global float* x) { x[0] = undefined_name; }")
        .unwrap_err();
    match err {
        Error::Backend { backend, msg } => {
            assert_eq!(backend, "opencl");
            assert!(msg.contains("build log"), "{msg}");
            assert!(
                msg.contains("undefined_name"),
                "log does not name the error: {msg}"
            );
        }
        e => panic!("expected Error::Backend, got {e}"),
    }
}

#[test]
fn info_describes_the_device() {
    let Some(b) = common::backend_or_skip() else {
        return;
    };
    let i = b.info();
    assert_eq!(i.name, "opencl");
    assert_eq!(i.math_mode, "ieee");
    assert!(!i.devices.is_empty() && i.devices[0].contains(" / "));
    assert!(i.dtypes.contains(&DType::F32) && i.dtypes.contains(&DType::BF16));
    assert!(matches!(i.denormals.as_str(), "preserved" | "flushed"));
}

#[test]
fn plugin_loads_dynamically_and_computes() {
    if common::backend_or_skip().is_none() {
        return;
    }
    // The cdylib is built next to the test binary (target/<profile>/deps) or in its parent.
    let dev = Device::open("opencl").expect("libbackend_opencl.so loads");
    assert_ne!(dev.origin(), "builtin");
    let a = tensor_core::Tensor::from_slice(&dev, &[1.0f32, 2.0, 3.0, 4.0], &[2, 2]).unwrap();
    let s = a.matmul(&a).unwrap().to_f64_vec().unwrap();
    assert_eq!(s, vec![7.0, 10.0, 15.0, 22.0]);
}

/// `CL_DEVICE_MAX_MEM_ALLOC_SIZE` of device 0, read with opencl3 directly.
fn max_alloc() -> u64 {
    let (entry, _) = backend_opencl::device::select(0).unwrap();
    opencl3::device::Device::new(entry.id)
        .max_mem_alloc_size()
        .unwrap()
}

#[test]
fn a_buffer_over_the_devices_largest_is_out_of_memory_naming_the_limit() {
    let Some(dev) = common::device_or_skip() else {
        return;
    };
    let limit = max_alloc();
    let tib = 1usize << 40;
    assert!((tib as u64) > limit, "this device takes 1 TiB buffers");
    // Through the whole API and the plugin boundary (the error crosses it as JSON): 1 TiB,
    // and one element over the limit.
    let just_over = (limit / 4 + 1) as usize;
    for elems in [tib / 4, just_over] {
        match tensor_core::Tensor::zeros(&dev, &[elems], DType::F32) {
            Err(Error::OutOfMemory {
                backend,
                bytes,
                detail: Some(d),
            }) => {
                assert_eq!(backend, "opencl");
                assert_eq!(bytes, elems * 4);
                assert!(
                    d.contains(&format!("CL_DEVICE_MAX_MEM_ALLOC_SIZE = {limit} bytes")),
                    "{d}"
                );
            }
            Err(e) => panic!("{elems} f32: expected OutOfMemory, got {e:?}"),
            Ok(_) => panic!("{elems} f32 over a limit of {limit} bytes was allocated"),
        }
    }
    let msg = tensor_core::Tensor::zeros(&dev, &[tib / 4], DType::F32)
        .err()
        .unwrap()
        .to_string();
    assert!(
        msg.starts_with("out of memory on opencl: 1099511627776 bytes requested (")
            && msg.contains("CL_DEVICE_MAX_MEM_ALLOC_SIZE"),
        "{msg}"
    );
}

/// The backend checks the size before `clCreateBuffer`; this is what `clCreateBuffer` itself
/// answers on this device for 1 TiB (`CL_INVALID_BUFFER_SIZE`, not an out-of-memory code),
/// and that the backend's mapping of that answer is out of memory too.
#[test]
fn cl_create_buffer_refuses_1_tib_with_invalid_buffer_size_which_maps_to_out_of_memory() {
    if common::backend_or_skip().is_none() {
        return;
    }
    let (entry, _) = backend_opencl::device::select(0).unwrap();
    let device = opencl3::device::Device::new(entry.id);
    let ctx = opencl3::context::Context::from_device(&device).unwrap();
    let tib = 1usize << 40;
    // SAFETY: no host pointer; the call is expected to fail without allocating.
    let r = unsafe {
        opencl3::memory::Buffer::<u8>::create(
            &ctx,
            opencl3::memory::CL_MEM_READ_WRITE,
            tib,
            std::ptr::null_mut(),
        )
    };
    let Err(e) = r else {
        panic!("a 1 TiB buffer was created");
    };
    assert_eq!(e.0, opencl3::error_codes::CL_INVALID_BUFFER_SIZE, "{e}");
    let mapped = backend_opencl::error::alloc_error(e, tib, max_alloc());
    assert!(
        matches!(&mapped, Error::OutOfMemory { bytes, detail: Some(d), .. }
            if *bytes == tib && d.contains("CL_DEVICE_MAX_MEM_ALLOC_SIZE")),
        "{mapped:?}"
    );
}
