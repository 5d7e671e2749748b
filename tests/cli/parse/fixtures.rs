//! The specs every template is rendered with: the examples, and hostile free text.

use std::sync::OnceLock;

use scaffold::generate::Request;
use scaffold::generate::spec::{Spec, SpecFile};

use super::roundtrip::Hostile;

/// A spec to render every template with, and the free text it carries.
pub struct Fixture {
    pub label: String,
    pub spec: Spec,
    pub hostile: Vec<Hostile>,
}

fn examples() -> Vec<(String, Spec)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("examples/ readable")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no examples/*.toml");
    paths
        .iter()
        .map(|path| {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(path).expect("example readable");
            let file = SpecFile::parse(&text, &shown).unwrap_or_else(|e| panic!("{shown}: {e}"));
            let request = Request {
                name: file.name.clone(),
                description: file.description.clone(),
                author: file.author.clone(),
                port: file.port,
                resources: file.resources().unwrap_or_else(|e| panic!("{shown}: {e}")),
                ..Request::default()
            };
            let spec = request
                .into_spec()
                .unwrap_or_else(|e| panic!("{shown}: {e}"));
            let name = path
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .to_string();
            (name, spec)
        })
        .collect()
}

/// Free text that tries to end, escape or interpolate out of every kind of literal.
fn hostile_texts() -> Vec<(&'static str, String, String)> {
    let quotes = "double \" single ' back ` triple \"\"\" '''triple''' \"\" '' ``` q\"'`";
    let backslashes =
        r#"back\slash \u0041 \x41 \n \t \' \" \\ \0 \U0001F600 \N{BULLET} \#{x} \$x C:\dir\ end\"#;
    let templating = "${x} #{x} {{x}} {{{x}}} {{project.name}} {{/if}} {{else}} %{x} $x @x $(id) `id` \
                      <%= x %> %> <?php echo 1; ?> ?> </script><script>x</script> <!-- x --> --> \
                      */ /* # // -- ; & &amp; <![CDATA[ ]]> %s %d {0} \\{ $1";
    let whitespace = "line one\nline two\r\nline three\ttab\n\n  indented\nend é 😀 \u{2028}sep \u{2029}para \u{85}nel \u{feff}bom 中文 \u{200b}zw";
    let all = format!(
        "{quotes}\n{backslashes}\n{templating}\n{whitespace}\n# not a comment\n// nor this\n\"\"\"\n'''\n\\"
    );
    vec![
        (
            "quotes",
            quotes.to_string(),
            format!("O'Brien \"the\" `x` '''{quotes}"),
        ),
        (
            "backslashes",
            backslashes.to_string(),
            r#"C:\path\ "\"#.to_string(),
        ),
        (
            "templating",
            templating.to_string(),
            "{{/if}} #{`id`} ${process.exit(1)} <?= 1 ?>".to_string(),
        ),
        (
            "whitespace",
            whitespace.to_string(),
            "é 😀\u{2028}x\n# not a comment\n// nor this\n".to_string(),
        ),
        ("everything", all.clone(), all),
    ]
}

pub fn fixtures() -> &'static [Fixture] {
    static FIXTURES: OnceLock<Vec<Fixture>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let examples = examples();
        let mut out = Vec::new();
        for (label, spec) in &examples {
            out.push(Fixture {
                label: label.clone(),
                spec: spec.clone(),
                hostile: Vec::new(),
            });
        }
        // Hostile specs reuse the richest example's resources (the one with most fields).
        let base = examples
            .iter()
            .map(|(_, s)| s)
            .max_by_key(|s| s.resources.iter().map(|r| r.fields.len()).sum::<usize>())
            .expect("an example")
            .clone();
        for (label, description, author) in hostile_texts() {
            let description = Hostile::new("description", "ZqDesc", &description);
            let author = Hostile::new("author", "ZqAuth", &author);
            out.push(Fixture {
                label: format!("hostile {label}"),
                spec: Spec {
                    history: Vec::new(),
                    description: description.value.clone(),
                    author: author.value.clone(),
                    ..base.clone()
                },
                hostile: vec![description, author],
            });
        }
        out
    })
}
