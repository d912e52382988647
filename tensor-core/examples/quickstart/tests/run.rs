//! The quickstart as a user runs it: the binary, in a child process, with and without
//! `TENSOR_BACKEND`.

use std::process::Command;

fn quickstart(backend: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quickstart"));
    match backend {
        Some(b) => cmd.env("TENSOR_BACKEND", b),
        None => cmd.env_remove("TENSOR_BACKEND"),
    };
    cmd.output().expect("run the quickstart")
}

#[test]
fn default_device_is_the_linked_cpu_backend() {
    for backend in [None, Some("cpu")] {
        let out = quickstart(backend);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{backend:?}: {out:?}");
        // `builtin`: the statically linked backend, not a libbackend_cpu.so found on disk.
        assert!(stdout.contains("backend: cpu (builtin)"), "{stdout}");
        assert!(stdout.contains("y[:, 1] = tensor([ 5.0, 11.0]"), "{stdout}");
        assert!(
            stdout.contains("tensor([[ 9.0, 11.0],\n        [ 3.0,  5.0]]"),
            "{stdout}"
        );
        assert!(
            stdout.contains("1.707825 with ddof=0 (NumPy), 1.870829 with ddof=1"),
            "{stdout}"
        );
        assert!(
            stdout.contains("[3.0, 5.0, 7.0, 9.0, 11.0, 13.0]"),
            "{stdout}"
        );
    }
}

#[test]
fn a_backend_that_does_not_load_is_an_error() {
    let out = quickstart(Some("no-such-backend"));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("no-such-backend"),
        "{stderr}"
    );
}
