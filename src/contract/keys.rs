//! Key order as the server wrote it. A parsed `serde_json::Map` sorts its keys, so the order
//! is read from the response text with a small scanner over (already valid) JSON.

/// The keys of each record in `text`, in the order written: one list for an object, one per
/// element for an array (empty for elements that are not objects). `None` when `text` is
/// neither, or not JSON the scanner can follow.
pub(crate) fn record_keys(text: &str) -> Option<Vec<Vec<String>>> {
    let mut sc = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    sc.ws();
    let out = match sc.peek()? {
        b'{' => vec![sc.object()?],
        b'[' => {
            let mut records = Vec::new();
            sc.i += 1;
            sc.ws();
            if sc.peek()? == b']' {
                return Some(records);
            }
            loop {
                sc.ws();
                if sc.peek()? == b'{' {
                    records.push(sc.object()?);
                } else {
                    sc.value()?;
                    records.push(Vec::new());
                }
                sc.ws();
                match sc.next()? {
                    b',' => {}
                    b']' => break,
                    _ => return None,
                }
            }
            records
        }
        _ => return None,
    };
    Some(out)
}

/// What is wrong with `keys` as the keys of a record whose contract order is `expected`:
/// `id` must come first and the known keys must follow in order (unknown extra keys and
/// missing ones are judged elsewhere). `None` when the order is right.
pub(crate) fn order_problem(keys: &[String], expected: &[&str]) -> Option<String> {
    let known: Vec<&str> = keys
        .iter()
        .map(String::as_str)
        .filter(|k| expected.contains(k))
        .collect();
    let wanted: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|k| known.contains(k))
        .collect();
    let id_first = keys.first().is_none_or(|k| k == "id") || !known.contains(&"id");
    (known != wanted || !id_first).then(|| format!("keys in the order {}", keys.join(", ")))
}

/// The keys of a record that are neither `id` nor a spec field (`expected`), as a problem:
/// `None` when there are none. Missing keys are judged elsewhere.
pub(crate) fn extra_keys(keys: &[String], expected: &[&str]) -> Option<String> {
    let extra: Vec<String> = keys
        .iter()
        .filter(|k| !expected.contains(&k.as_str()))
        .map(|k| format!("`{k}`"))
        .collect();
    (!extra.is_empty()).then(|| format!("keys outside the record: {}", extra.join(", ")))
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
    }

    /// An object's keys, in order; nested values are skipped.
    fn object(&mut self) -> Option<Vec<String>> {
        let mut keys = Vec::new();
        self.next().filter(|c| *c == b'{')?;
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(keys);
        }
        loop {
            self.ws();
            let start = self.i;
            self.string()?;
            keys.push(serde_json::from_slice(&self.b[start..self.i]).ok()?);
            self.ws();
            self.next().filter(|c| *c == b':')?;
            self.value()?;
            self.ws();
            match self.next()? {
                b',' => {}
                b'}' => return Some(keys),
                _ => return None,
            }
        }
    }

    fn string(&mut self) -> Option<()> {
        self.next().filter(|c| *c == b'"')?;
        loop {
            match self.next()? {
                b'\\' => {
                    self.next()?;
                }
                b'"' => return Some(()),
                _ => {}
            }
        }
    }

    /// Skips one value of any kind, nested ones by counting brackets outside strings.
    fn value(&mut self) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'"' => self.string(),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => self.string()?,
                        b'{' | b'[' => {
                            depth += 1;
                            self.i += 1;
                        }
                        b'}' | b']' => {
                            depth -= 1;
                            self.i += 1;
                            if depth == 0 {
                                return Some(());
                            }
                        }
                        _ => self.i += 1,
                    }
                }
            }
            _ => {
                let start = self.i;
                while self.peek().is_some_and(|c| {
                    !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
                }) {
                    self.i += 1;
                }
                (self.i > start).then_some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Option<Vec<Vec<String>>> {
        record_keys(text)
    }

    #[test]
    fn reads_keys_in_written_order() {
        assert_eq!(
            keys(r#"{"id": 1, "title": "a,}\"]", "tags": {"z": [1, {"q": 2}]}, "b": null}"#),
            Some(vec![vec![
                "id".into(),
                "title".into(),
                "tags".into(),
                "b".into()
            ]])
        );
        assert_eq!(
            keys(r#" [ {"b":1,"a":2}, 3, {"\u0069d":true} ] "#),
            Some(vec![
                vec!["b".into(), "a".into()],
                vec![],
                vec!["id".into()]
            ])
        );
        assert_eq!(keys("[]"), Some(vec![]));
        assert_eq!(keys("{}"), Some(vec![vec![]]));
        assert_eq!(keys("\"x\""), None);
        assert_eq!(keys("{\"a\" 1}"), None);
    }

    #[test]
    fn judges_the_order_of_known_keys() {
        let expected = ["id", "title", "pages", "price"];
        let own = |s: &[&str]| s.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        assert_eq!(
            order_problem(&own(&["id", "title", "pages", "price"]), &expected),
            None
        );
        // Missing and extra keys are not an order problem.
        assert_eq!(
            order_problem(&own(&["id", "pages", "extra"]), &expected),
            None
        );
        assert_eq!(
            order_problem(&own(&["title", "id", "pages", "price"]), &expected),
            Some("keys in the order title, id, pages, price".into())
        );
        assert!(order_problem(&own(&["extra", "id", "title"]), &expected).is_some());
        assert!(order_problem(&own(&["id", "price", "pages"]), &expected).is_some());
    }

    #[test]
    fn names_keys_outside_the_record() {
        let expected = ["id", "title", "pages"];
        let own = |s: &[&str]| s.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        assert_eq!(extra_keys(&own(&["id", "title", "pages"]), &expected), None);
        assert_eq!(extra_keys(&own(&["id", "title"]), &expected), None);
        assert_eq!(
            extra_keys(
                &own(&["id", "title", "created_at", "pages", "x"]),
                &expected
            ),
            Some("keys outside the record: `created_at`, `x`".into())
        );
    }
}
