//! A JSON front end producing spanned [`Node`]s.
//!
//! `serde_json` does not keep the place of each value, and every register error must name its line,
//! so this is a small strict recursive-descent parser (RFC 8259) that records positions.

use super::node::{Entry, LineIndex, Node, Pos, Value};

/// Parses JSON into nodes. On a syntax error returns its message and place.
pub(crate) fn parse_json(text: &str) -> Result<Node, (String, Pos)> {
    let index = LineIndex::new(text);
    let mut p = Parser {
        bytes: text.as_bytes(),
        text,
        at: 0,
        depth: 0,
    };
    let result = p.document();
    result
        .map_err(|(msg, at)| (format!("not valid JSON: {msg}"), index.pos(at)))
        .map(|n| n.into_node(&index))
}

/// Nodes with byte offsets, converted to lines and columns at the end.
enum Raw {
    Leaf(Value, usize),
    Array(Vec<Raw>, usize),
    Object(Vec<(String, usize, Raw)>, usize),
}

impl Raw {
    fn into_node(self, index: &LineIndex<'_>) -> Node {
        match self {
            Self::Leaf(value, at) => Node {
                value,
                pos: index.pos(at),
            },
            Self::Array(items, at) => Node {
                value: Value::Array(items.into_iter().map(|r| r.into_node(index)).collect()),
                pos: index.pos(at),
            },
            Self::Object(entries, at) => Node {
                value: Value::Table(
                    entries
                        .into_iter()
                        .map(|(key, key_at, r)| Entry {
                            key,
                            key_pos: index.pos(key_at),
                            node: r.into_node(index),
                        })
                        .collect(),
                ),
                pos: index.pos(at),
            },
        }
    }
}

type Res<T> = Result<T, (String, usize)>;

struct Parser<'t> {
    bytes: &'t [u8],
    text: &'t str,
    at: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 64;

impl Parser<'_> {
    fn document(&mut self) -> Res<Raw> {
        let value = self.value()?;
        self.ws();
        if self.at < self.bytes.len() {
            return Err((
                "unexpected text after the end of the document".into(),
                self.at,
            ));
        }
        Ok(value)
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Res<Raw> {
        self.ws();
        let start = self.at;
        match self.bytes.get(self.at) {
            None => Err(("unexpected end of input".into(), start)),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => Ok(Raw::Leaf(Value::Str(self.string()?), start)),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(("expected a value".into(), start)),
        }
    }

    fn nest(&mut self) -> Res<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(("nested too deeply".into(), self.at));
        }
        Ok(())
    }

    fn object(&mut self) -> Res<Raw> {
        let start = self.at;
        self.nest()?;
        self.at += 1;
        let mut entries = Vec::new();
        self.ws();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            self.depth -= 1;
            return Ok(Raw::Object(entries, start));
        }
        loop {
            self.ws();
            let key_at = self.at;
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(("expected a key in double quotes".into(), self.at));
            }
            let key = self.string()?;
            self.ws();
            if self.bytes.get(self.at) != Some(&b':') {
                return Err(("expected `:` after the key".into(), self.at));
            }
            self.at += 1;
            let value = self.value()?;
            if entries.iter().any(|(k, _, _)| *k == key) {
                return Err((format!("duplicate key \"{key}\""), key_at));
            }
            entries.push((key, key_at, value));
            self.ws();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    self.depth -= 1;
                    return Ok(Raw::Object(entries, start));
                }
                _ => return Err(("expected `,` or `}`".into(), self.at)),
            }
        }
    }

    fn array(&mut self) -> Res<Raw> {
        let start = self.at;
        self.nest()?;
        self.at += 1;
        let mut items = Vec::new();
        self.ws();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            self.depth -= 1;
            return Ok(Raw::Array(items, start));
        }
        loop {
            items.push(self.value()?);
            self.ws();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    self.depth -= 1;
                    return Ok(Raw::Array(items, start));
                }
                _ => return Err(("expected `,` or `]`".into(), self.at)),
            }
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Res<Raw> {
        let start = self.at;
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(Raw::Leaf(value, start))
        } else {
            Err(("expected a value".into(), start))
        }
    }

    fn number(&mut self) -> Res<Raw> {
        let start = self.at;
        let mut is_float = false;
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.at;
            while p.bytes.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at > s
        };
        if !digits(self) {
            return Err(("expected digits".into(), self.at));
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            is_float = true;
            self.at += 1;
            if !digits(self) {
                return Err(("expected digits after `.`".into(), self.at));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            is_float = true;
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(("expected digits in the exponent".into(), self.at));
            }
        }
        let text = &self.text[start..self.at];
        let value = match (is_float, text.parse::<i64>()) {
            (false, Ok(i)) => Value::Int(i),
            _ => Value::Float(text.parse().map_err(|_| ("bad number".to_owned(), start))?),
        };
        Ok(Raw::Leaf(value, start))
    }

    fn string(&mut self) -> Res<String> {
        self.at += 1; // opening quote
        let mut out = String::new();
        loop {
            let run_start = self.at;
            while let Some(&b) = self.bytes.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(&self.text[run_start..self.at]);
            match self.bytes.get(self.at) {
                None => return Err(("unterminated string".into(), self.at)),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let esc = self.at;
                    let c = match self.bytes.get(self.at) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.bytes[self.at..].starts_with(b"\\u") {
                                    return Err(("unpaired surrogate".into(), esc));
                                }
                                self.at += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(("unpaired surrogate".into(), esc));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(
                                char::from_u32(code)
                                    .ok_or_else(|| ("bad \\u escape".to_owned(), esc))?,
                            );
                            continue;
                        }
                        _ => return Err(("bad escape".into(), esc)),
                    };
                    self.at += 1;
                    out.push(c);
                }
                Some(_) => return Err(("control character in string".into(), self.at)),
            }
        }
    }

    fn hex4(&mut self) -> Res<u32> {
        let s = self
            .text
            .get(self.at..self.at + 4)
            .ok_or_else(|| ("bad \\u escape".to_owned(), self.at))?;
        let v = u32::from_str_radix(s, 16).map_err(|_| ("bad \\u escape".to_owned(), self.at))?;
        self.at += 4;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Node {
        parse_json(text).expect("valid json")
    }

    #[test]
    fn json_values_keep_their_lines_and_columns() {
        let n = parse("{\n  \"a\": [1, 2.5, \"x\\u00e9\\ud83d\\ude00\"],\n  \"b\": null\n}");
        let Value::Table(entries) = n.value else {
            panic!("table")
        };
        assert_eq!(entries[0].key, "a");
        assert_eq!(entries[0].key_pos, Pos { line: 2, column: 3 });
        let Value::Array(items) = &entries[0].node.value else {
            panic!("array")
        };
        assert!(matches!(items[0].value, Value::Int(1)));
        assert!(matches!(items[1].value, Value::Float(f) if f == 2.5));
        assert!(matches!(&items[2].value, Value::Str(s) if s == "xé😀"));
        assert_eq!(
            items[2].pos,
            Pos {
                line: 2,
                column: 17
            }
        );
        assert!(matches!(entries[1].node.value, Value::Null));
    }

    #[test]
    fn json_syntax_errors_name_the_place() {
        let (msg, pos) = parse_json("{\n  \"a\": 1,\n  \"a\": 2\n}").unwrap_err();
        assert_eq!(msg, "not valid JSON: duplicate key \"a\"");
        assert_eq!(pos, Pos { line: 3, column: 3 });
        let (msg, pos) = parse_json("[1 2]").unwrap_err();
        assert_eq!(
            (msg.as_str(), pos.column),
            ("not valid JSON: expected `,` or `]`", 4)
        );
    }
}
