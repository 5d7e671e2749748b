//! The data formats' own parsers, reduced to the strings a document holds.

use super::lang::Data;

/// Every string of a parsed data document (keys, values, XML text, attributes, comments).
pub fn data_strings(source: &str, data: Data) -> Result<Vec<(String, bool)>, String> {
    let mut out = Vec::new();
    match data {
        Data::Json => {
            let v: serde_json::Value = serde_json::from_str(source).map_err(|e| e.to_string())?;
            json_strings(&v, &mut out);
        }
        Data::Toml => {
            let v: toml::Table = toml::from_str(source).map_err(|e| e.to_string())?;
            for (k, v) in &v {
                out.push((k.clone(), false));
                toml_strings(v, &mut out);
            }
        }
        Data::Yaml => {
            let docs = yaml_rust2::YamlLoader::load_from_str(source).map_err(|e| e.to_string())?;
            for d in &docs {
                yaml_strings(d, &mut out);
            }
        }
        Data::Xml => {
            let doc = roxmltree::Document::parse(source).map_err(|e| e.to_string())?;
            for n in doc.descendants() {
                if n.is_text() || n.is_comment() {
                    out.push((n.text().unwrap_or("").to_string(), n.is_comment()));
                }
                for a in n.attributes() {
                    out.push((a.value().to_string(), false));
                }
            }
        }
    }
    Ok(out)
}

fn json_strings(v: &serde_json::Value, out: &mut Vec<(String, bool)>) {
    match v {
        serde_json::Value::String(s) => out.push((s.clone(), false)),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                out.push((k.clone(), false));
                json_strings(x, out);
            }
        }
        _ => {}
    }
}

fn toml_strings(v: &toml::Value, out: &mut Vec<(String, bool)>) {
    match v {
        toml::Value::String(s) => out.push((s.clone(), false)),
        toml::Value::Array(a) => a.iter().for_each(|x| toml_strings(x, out)),
        toml::Value::Table(t) => {
            for (k, x) in t {
                out.push((k.clone(), false));
                toml_strings(x, out);
            }
        }
        _ => {}
    }
}

fn yaml_strings(v: &yaml_rust2::Yaml, out: &mut Vec<(String, bool)>) {
    use yaml_rust2::Yaml;
    match v {
        Yaml::String(s) | Yaml::Real(s) => out.push((s.clone(), false)),
        Yaml::Array(a) => a.iter().for_each(|x| yaml_strings(x, out)),
        Yaml::Hash(h) => {
            for (k, x) in h {
                yaml_strings(k, out);
                yaml_strings(x, out);
            }
        }
        _ => {}
    }
}
