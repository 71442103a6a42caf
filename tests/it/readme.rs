//! The README's rule table is generated from the registry; this test fails when they differ.
//! Run `UPDATE_README=1 cargo test readme` to rewrite the table after adding a rule.

use newsclean::rules::REGISTRY;

const BEGIN: &str =
    "<!-- rules:begin (generated from the registry; UPDATE_README=1 cargo test readme) -->";
const END: &str = "<!-- rules:end -->";

fn table() -> String {
    let mut t =
        String::from("| code | name | severity | fix | what it finds |\n|---|---|---|---|---|\n");
    for r in REGISTRY {
        t.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            r.code,
            r.name,
            r.severity,
            r.fix.as_str(),
            r.summary
        ));
    }
    t
}

#[test]
fn readme_rule_table_matches_the_registry() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme
        .find(BEGIN)
        .expect("README has the rules:begin marker")
        + BEGIN.len();
    let end = readme.find(END).expect("README has the rules:end marker");
    let expected = format!("\n{}", table());
    if readme[start..end] != expected {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}{}{}", &readme[..start], expected, &readme[end..]);
            std::fs::write(path, updated).unwrap();
        } else {
            panic!("README rule table is out of date: run UPDATE_README=1 cargo test readme");
        }
    }
}
