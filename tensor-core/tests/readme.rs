//! The README's quickstart block is an excerpt of the compiled quickstart
//! (`tensor-core/examples/quickstart/src/main.rs`, built and run by CI): every line of the
//! block must stand in that file, so the README cannot drift from code that compiles.

#[test]
fn readme_quickstart_block_is_in_the_compiled_example() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let main = std::fs::read_to_string(format!(
        "{root}/tensor-core/examples/quickstart/src/main.rs"
    ))
    .unwrap();
    let marker = "The core of its `src/main.rs`";
    let at = readme
        .find(marker)
        .expect("README has the quickstart excerpt");
    let rest = &readme[at..];
    let start = rest.find("```rust\n").expect("a rust block follows") + "```rust\n".len();
    let block = &rest[start..start + rest[start..].find("```").unwrap()];
    let lines: Vec<&str> = block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert!(lines.len() >= 5, "{block}");
    let code: Vec<&str> = main.lines().map(str::trim).collect();
    for l in lines {
        assert!(
            code.contains(&l),
            "README quickstart line not in examples/quickstart/src/main.rs: {l}"
        );
    }
}
