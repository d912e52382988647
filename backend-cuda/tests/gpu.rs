//! Tests that need a CUDA device: they skip with a visible message without one, and fail
//! instead when `TENSOR_REQUIRE_CUDA=1` (`bench/gpu_run.sh` sets it on a GPU machine).

mod common;

use backend_cuda::CudaBackend;
use tensor_core::{Backend, DType, Device, Dst, RandDist, Tensor, philox};

fn read(dt: DType, bytes: &[u8], i: usize) -> f64 {
    match dt {
        DType::F16 => half::f16::from_le_bytes([bytes[2 * i], bytes[2 * i + 1]]).to_f64(),
        DType::BF16 => half::bf16::from_le_bytes([bytes[2 * i], bytes[2 * i + 1]]).to_f64(),
        DType::F32 => f32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().unwrap()) as f64,
        _ => f64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().unwrap()),
    }
}

fn random(b: &CudaBackend, dist: RandDist, dt: DType, seed: u64, n: usize) -> Vec<u8> {
    let mut buf = b.alloc(dt, n).unwrap();
    let shape = [n];
    b.rand(
        dist,
        seed,
        Dst {
            buf: &mut buf,
            dtype: dt,
            shape: &shape,
        },
    )
    .unwrap();
    let mut bytes = vec![0u8; n * dt.size_of()];
    b.download(&buf, &mut bytes).unwrap();
    bytes
}

#[test]
fn uniform_is_bit_identical_to_philox_and_normal_within_one_f64_ulp() {
    let Some(b) = common::backend_or_skip("uniform_is_bit_identical_to_philox") else {
        return;
    };
    let (n, seed) = (100_003usize, 0x1234_5678_9abc_def0u64);
    for dt in [DType::F16, DType::BF16, DType::F32, DType::F64] {
        let u = random(&b, RandDist::Uniform, dt, seed, n);
        for i in 0..n {
            let want = philox::uniform(dt, seed, i as u64);
            assert_eq!(
                read(dt, &u, i).to_bits(),
                want.to_bits(),
                "{dt} element {i}"
            );
        }
    }
    let z = random(&b, RandDist::Normal, DType::F64, seed, n);
    for i in 0..n {
        let (got, want) = (read(DType::F64, &z, i), philox::normal(seed, i as u64));
        assert!(
            (got - want).abs() <= 4.0 * f64::EPSILON * want.abs().max(1.0),
            "randn element {i}: {got} vs {want}"
        );
    }
}

#[test]
fn transfers_round_trip_small_and_staged() {
    let Some(b) = common::backend_or_skip("transfers_round_trip_small_and_staged") else {
        return;
    };
    // 1 KiB (pageable path) and 9 MiB + 5 bytes (three staged chunks, the last partial).
    for len in [1024usize, 9 * (1 << 20) + 5] {
        let src: Vec<u8> = (0..len).map(|i| (i * 7 + i / 251) as u8).collect();
        let mut buf = b.alloc(DType::U8, len).unwrap();
        b.upload(&mut buf, &src).unwrap();
        let mut back = vec![0u8; len];
        b.download(&buf, &mut back).unwrap();
        assert!(back == src, "round trip of {len} bytes differs");
    }
}

#[test]
fn sums_are_deterministic_and_accurate() {
    let Some(dev) = common::device_or_skip("sums_are_deterministic_and_accurate") else {
        return;
    };
    let x = Tensor::rand(&dev, &[1000, 997], 7, DType::F32).unwrap();
    let host = x.to_f64_vec().unwrap();
    let s1 = x.sum(Some(&[1]), false).unwrap().to_f64_vec().unwrap();
    let s2 = x.sum(Some(&[1]), false).unwrap().to_f64_vec().unwrap();
    assert_eq!(
        s1.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
        s2.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    );
    // The whole tensor: 997000 elements, the one-block-per-output kernel.
    let t1 = x.sum(None, false).unwrap().to_f64_vec().unwrap()[0];
    let t2 = x.sum(None, false).unwrap().to_f64_vec().unwrap()[0];
    assert_eq!(t1.to_bits(), t2.to_bits());
    let exact: f64 = host.iter().sum();
    assert!(
        (t1 - exact).abs() <= exact.abs() * f32::EPSILON as f64,
        "{t1} vs {exact}"
    );
    let m = x.mean(None, false).unwrap().to_f64_vec().unwrap()[0];
    assert!((m - exact / host.len() as f64).abs() <= f32::EPSILON as f64);
    for (r, got) in s1.iter().enumerate() {
        let want: f64 = host[r * 997..(r + 1) * 997].iter().sum();
        // f64 accumulation, one final rounding to f32.
        assert!(
            (got - want).abs() <= want.abs() * f32::EPSILON as f64,
            "row {r}"
        );
    }
}

fn cpu_matmul(a: &[f64], b: &[f64], m: usize, k: usize, n: usize) -> Vec<f64> {
    let mut c = vec![0.0; m * n];
    for i in 0..m {
        for j in 0..n {
            c[i * n + j] = (0..k).map(|p| a[i * k + p] * b[p * n + j]).sum();
        }
    }
    c
}

#[test]
fn matmul_blas_and_kernel_paths_agree_with_f64() {
    let Some(dev) = common::device_or_skip("matmul_blas_and_kernel_paths_agree_with_f64") else {
        return;
    };
    let (m, k, n) = (67usize, 129usize, 33usize);
    for dt in [DType::F32, DType::F64, DType::F16, DType::BF16] {
        let a = Tensor::rand(&dev, &[m, k], 1, dt).unwrap();
        let bt = Tensor::rand(&dev, &[n, k], 2, dt).unwrap();
        // `bt.t()` is a transposed view: cuBLAS takes it with CUBLAS_OP_T.
        let b = bt.t().unwrap();
        let (ha, hb) = (a.to_f64_vec().unwrap(), b.to_f64_vec().unwrap());
        let want = cpu_matmul(&ha, &hb, m, k, n);
        let got = a.matmul(&b).unwrap().to_f64_vec().unwrap();
        let tol = match dt {
            DType::F64 => 1e-13,
            DType::F32 => 1e-5,
            _ => 1e-2,
        };
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert!(
                (g - w).abs() <= tol * w.abs().max(1.0),
                "{dt} [{i}]: {g} vs {w}"
            );
        }
    }
    // Integer matmul runs on the kernel fallback.
    let ai = Tensor::from_slice(&dev, &[1i32, 2, 3, 4, 5, 6], &[2, 3]).unwrap();
    let bi = Tensor::from_slice(&dev, &[1i32, 0, 0, 1, 1, 1], &[3, 2]).unwrap();
    assert_eq!(
        ai.matmul(&bi).unwrap().to_f64_vec().unwrap(),
        vec![4.0, 5.0, 10.0, 11.0]
    );
}

/// PyTorch's TF32 example: `(1024.5 * I) @ ones` is exactly 1024.5 in IEEE `f32`; TF32
/// keeps 10 mantissa bits and cannot represent it. Prints what `tf32` mode gave.
#[test]
fn ieee_is_the_default_and_tf32_is_opt_in() {
    let Some(dev) = common::device_or_skip("ieee_is_the_default_and_tf32_is_opt_in") else {
        return;
    };
    let n = 64usize;
    let mut eye = vec![0.0f32; n * n];
    for i in 0..n {
        eye[i * n + i] = 1024.5;
    }
    let ones = vec![1.0f32; n * n];
    let run = |d: &Device| {
        let a = Tensor::from_slice(d, &eye, &[n, n]).unwrap();
        let b = Tensor::from_slice(d, &ones, &[n, n]).unwrap();
        a.matmul(&b).unwrap().to_f64_vec().unwrap()
    };
    assert_eq!(dev.info().extra["matmul"], "ieee");
    assert!(
        run(&dev).iter().all(|&v| v == 1024.5),
        "ieee mode is not exact"
    );
    let tf = Device::open("cuda?matmul=tf32").expect("cuda?matmul=tf32 opens");
    assert_eq!(tf.info().extra["matmul"], "tf32");
    assert!(tf.info().math_mode.contains("tf32"));
    eprintln!("tf32 mode: (1024.5 I) @ ones = {}", run(&tf)[0]);
    // bf16x3: hi = bf16(1024.5) = 1024, lo = 0.5; both products and the f32 sums are exact.
    let x3 = Device::open("cuda?matmul=bf16x3").expect("cuda?matmul=bf16x3 opens");
    assert!(
        run(&x3).iter().all(|&v| v == 1024.5),
        "bf16x3 lost the low part"
    );
}

#[test]
fn modules_are_cached_per_context_and_on_disk() {
    let Some(b) = common::backend_or_skip("modules_are_cached_per_context_and_on_disk") else {
        return;
    };
    let _ = random(&b, RandDist::Uniform, DType::F32, 1, 16);
    let _ = random(&b, RandDist::Uniform, DType::F32, 2, 16);
    let (c, d) = b.module_loads();
    assert_eq!(c + d, 1, "the module was loaded twice in one context");
    if backend_cuda::program::cache_dir().is_some() {
        let b2 = CudaBackend::create(0).unwrap();
        let _ = random(&b2, RandDist::Uniform, DType::F32, 1, 16);
        assert_eq!(b2.module_loads(), (0, 1), "second instance recompiled");
    }
}

#[test]
fn info_describes_the_device() {
    let Some(b) = common::backend_or_skip("info_describes_the_device") else {
        return;
    };
    let i = b.info();
    assert_eq!(i.name, "cuda");
    for key in [
        "compute_capability",
        "memory",
        "driver",
        "nvrtc",
        "arch",
        "matmul",
    ] {
        assert!(
            i.extra.contains_key(key),
            "extra lacks {key}: {:?}",
            i.extra
        );
    }
    eprintln!("{i:#?}");
}
