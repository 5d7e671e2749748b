//! The data handed to templates: every name in every case form, the spec's values, the
//! manifest's type maps, the project's secrets.
//!
//! The shape is documented for template authors in `docs/TEMPLATES.md`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::generate::manifest::Manifest;
use crate::generate::names::{Forms, inflect};
use crate::generate::spec::{Field, FieldType, Resource, Spec};

#[derive(Serialize)]
struct ProjectCtx<'a> {
    name: Forms,
    description: &'a str,
    author: &'a str,
    port: u16,
}

#[derive(Serialize, Clone)]
struct FieldCtx {
    name: Forms,
    #[serde(rename = "type")]
    ty: &'static str,
    optional: bool,
    required: bool,
    /// `field.t.<map>`: the manifest's type maps applied to this field's type.
    t: BTreeMap<String, String>,
    /// A valid value of this field as JSON text, for the starter's own tests.
    sample: String,
    /// Another valid value, different from `sample`, for update tests.
    sample_alt: String,
}

#[derive(Serialize, Clone)]
struct ResourceCtx {
    singular: Forms,
    plural: Forms,
    fields: Vec<FieldCtx>,
    required_fields: Vec<FieldCtx>,
    has_required: bool,
    index: usize,
    /// `uses.<type>`: true when some field has that type (e.g. to import a datetime module).
    uses: BTreeMap<&'static str, bool>,
    /// A valid request body as JSON text (`{"name": "sample name", ...}`).
    sample_json: String,
    /// Another valid body, every value different from `sample_json`.
    sample_alt_json: String,
}

/// One step of the schema's history (see [`crate::generate::history`]).
#[derive(Serialize)]
struct MigrationCtx {
    number: usize,
    /// `number` in four digits (`0002`), as migration file names sort.
    padded: String,
    first: bool,
    previous_padded: String,
    create: Vec<ResourceCtx>,
    /// Resources that existed before, each with only the fields this step adds.
    add: Vec<ResourceCtx>,
}

fn migrations(spec: &Spec, manifest: &Manifest) -> Vec<MigrationCtx> {
    let pad = |n: usize| format!("{n:04}");
    let ctx = |list: &[Resource]| -> Vec<ResourceCtx> {
        list.iter()
            .enumerate()
            .map(|(i, r)| resource(r, i, manifest))
            .collect()
    };
    spec.migrations()
        .iter()
        .enumerate()
        .map(|(i, m)| MigrationCtx {
            number: i + 1,
            padded: pad(i + 1),
            first: i == 0,
            previous_padded: if i == 0 { String::new() } else { pad(i) },
            create: ctx(&m.create),
            add: ctx(&m.add),
        })
        .collect()
}

#[derive(Serialize)]
struct FrameworkCtx<'a> {
    id: &'a str,
    name: &'a str,
    language: &'a str,
    version: &'a str,
}

/// Sample values per type, as JSON text: (`sample`, `sample_alt`).
fn samples(f: &Field) -> (String, String) {
    let name = &f.name;
    match f.ty {
        FieldType::String => (format!("\"sample {name}\""), format!("\"changed {name}\"")),
        FieldType::Text => (
            format!("\"Some longer text for {name}.\\nSecond line.\""),
            format!("\"Changed text for {name}.\""),
        ),
        FieldType::Int => ("42".into(), "-7".into()),
        FieldType::Float => ("1.5".into(), "-2.25".into()),
        FieldType::Bool => ("true".into(), "false".into()),
        FieldType::Datetime => (
            "\"2024-01-02T03:04:05Z\"".into(),
            "\"2025-06-07T08:09:10Z\"".into(),
        ),
    }
}

fn body(fields: &[FieldCtx], pick: impl Fn(&FieldCtx) -> &str) -> String {
    let pairs: Vec<String> = fields
        .iter()
        .map(|f| format!("\"{}\": {}", f.name.snake, pick(f)))
        .collect();
    format!("{{{}}}", pairs.join(", "))
}

/// A field's context; `types` are the manifest's type maps.
fn field(f: &Field, types: &BTreeMap<String, BTreeMap<String, String>>) -> FieldCtx {
    let ty = f.ty.as_str();
    let (sample, sample_alt) = samples(f);
    FieldCtx {
        name: Forms::of(&f.name),
        ty,
        optional: f.optional,
        required: !f.optional,
        t: types
            .iter()
            .map(|(map, entries)| (map.clone(), entries.get(ty).cloned().unwrap_or_default()))
            .collect(),
        sample,
        sample_alt,
    }
}

fn uses(types: impl Iterator<Item = FieldType> + Clone) -> BTreeMap<&'static str, bool> {
    FieldType::ALL
        .iter()
        .map(|t| (t.as_str(), types.clone().any(|u| u == *t)))
        .collect()
}

fn resource(r: &Resource, index: usize, manifest: &Manifest) -> ResourceCtx {
    let fields: Vec<FieldCtx> = r.fields.iter().map(|f| field(f, &manifest.types)).collect();
    let required_fields: Vec<FieldCtx> = fields.iter().filter(|f| f.required).cloned().collect();
    ResourceCtx {
        singular: Forms::of(&r.name),
        plural: Forms::of(&inflect::pluralize(&r.name)),
        has_required: !required_fields.is_empty(),
        uses: uses(r.fields.iter().map(|f| f.ty)),
        sample_json: body(&fields, |f| &f.sample),
        sample_alt_json: body(&fields, |f| &f.sample_alt),
        fields,
        required_fields,
        index,
    }
}

/// The context shared by every file; `resource` is added per file for per-resource files.
pub fn build(spec: &Spec, manifest: &Manifest, secrets: &BTreeMap<String, String>) -> Value {
    let resources: Vec<ResourceCtx> = spec
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| resource(r, i, manifest))
        .collect();
    let migrations = migrations(spec, manifest);
    serde_json::json!({
        "project": ProjectCtx {
            name: Forms::of(&spec.name),
            description: &spec.description,
            author: &spec.author,
            port: spec.port,
        },
        "first_resource": resources.first(),
        "uses": uses(spec.resources.iter().flat_map(|r| r.fields.iter().map(|f| f.ty))),
        "resources": resources,
        "last_migration": migrations.last(),
        "migrations": migrations,
        "secrets": secrets,
        "framework": FrameworkCtx {
            id: &manifest.id,
            name: &manifest.name,
            language: &manifest.language,
            version: &manifest.framework_version,
        },
        "scaffold": { "version": env!("CARGO_PKG_VERSION") },
    })
}

/// Sets `item` to entry `index` of `list` (`resource` of `resources`, `migration` of
/// `migrations`) for the files repeated per item.
pub fn set_item(ctx: &mut Value, list: &str, item: &str, index: usize) {
    let entry = ctx[list][index].clone();
    if let Value::Object(map) = ctx {
        map.insert(item.into(), entry);
    }
}

/// Removes what [`set_item`] set, so that the next list's files do not see it.
pub fn clear_item(ctx: &mut Value, item: &str) {
    if let Value::Object(map) = ctx {
        map.remove(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_bodies_are_json_objects_with_every_field() {
        let f: Vec<Field> = [
            "title:string",
            "body:text",
            "n:int?",
            "x:float",
            "ok:bool",
            "at:datetime",
        ]
        .iter()
        .map(|s| s.parse().expect("field"))
        .collect();
        let fields: Vec<FieldCtx> = f.iter().map(|f| field(f, &BTreeMap::new())).collect();
        let a: serde_json::Map<String, Value> =
            serde_json::from_str(&body(&fields, |f| &f.sample)).expect("JSON object");
        let b: serde_json::Map<String, Value> =
            serde_json::from_str(&body(&fields, |f| &f.sample_alt)).expect("JSON object");
        assert_eq!(a.len(), 6);
        for (k, v) in &a {
            assert_ne!(Some(v), b.get(k), "{k} must differ between samples");
        }
    }
}
