//! Dependency hygiene the build can check offline, from the committed Cargo.lock.

fn locked_versions(name: &str) -> Vec<String> {
    let lock = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"),
    )
    .unwrap();
    let mut versions = Vec::new();
    let mut current: Option<&str> = None;
    for line in lock.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            current = Some(n.trim_matches('"'));
        } else if let (Some(n), Some(v)) = (current, line.strip_prefix("version = ")) {
            if n == name {
                versions.push(v.trim_matches('"').to_owned());
            }
            current = None;
        }
    }
    versions
}

#[test]
fn one_crossterm_so_one_event_queue() {
    // ratatui and tui-input must share crossterm: two would mean two event queues and raw mode
    // switched by one but not the other.
    assert_eq!(
        locked_versions("crossterm").len(),
        1,
        "{:?}",
        locked_versions("crossterm")
    );
    assert_eq!(locked_versions("ratatui").len(), 1);
}

#[test]
fn no_archived_yaml_crate() {
    assert!(
        locked_versions("serde_yaml").is_empty(),
        "serde_yaml is archived: use serde_norway"
    );
}
