//! `--output text` and `--output table`, laid out as the AWS CLI lays them
//! out (its `text.py` and `table.py` formatters, reimplemented from their
//! behaviour): the same key order, the same columns, the same widths for a
//! terminal of 80 columns (what the AWS CLI assumes when stdout is not a
//! terminal).

use serde_json::{Map, Value};

/// A scalar as Python's `str()` shows it, which is what both formatters
/// print: `True`, `False`, `None`, `1.0`.
fn py_str(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) => {
            if n.is_f64()
                && let Some(f) = n.as_f64()
            {
                if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
                    format!("{f:.1}")
                } else {
                    format!("{f}")
                }
            } else {
                n.to_string()
            }
        }
        other => other.to_string(),
    }
}

/// The response as the AWS CLI shows it: timestamp members as ISO 8601
/// (see [`crate::timestamps`]).
pub fn cli_view(value: &Value) -> Value {
    let mut shown = value.clone();
    crate::timestamps::format_timestamps(&mut shown);
    shown
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

// ---------------------------------------------------------------- text

/// `--output text`: one line per object (its scalar values, tab-separated,
/// keys sorted) or per scalar list item; a nested value's lines start with
/// its key in capitals.
pub fn text(value: &Value) -> String {
    let mut out = String::new();
    text_value(value, None, None, &mut out);
    out
}

fn text_value(value: &Value, identifier: Option<&str>, keys: Option<&[String]>, out: &mut String) {
    match value {
        Value::Object(map) => text_object(map, identifier, keys, out),
        Value::Array(items) => text_list(items, identifier, out),
        scalar => {
            out.push_str(&py_str(scalar));
            out.push('\n');
        }
    }
}

fn text_list(items: &[Value], identifier: Option<&str>, out: &mut String) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        // Every element gets the same columns: the scalar keys of all of them.
        let mut keys: Vec<String> = items
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|m| {
                m.iter()
                    .filter(|(_, v)| is_scalar(v))
                    .map(|(k, _)| k.clone())
            })
            .collect();
        keys.sort();
        keys.dedup();
        for item in items {
            text_value(item, identifier, Some(&keys), out);
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, nested): (Vec<&Value>, Vec<&Value>) =
            items.iter().partition(|v| is_scalar(v));
        if !scalars.is_empty() {
            text_scalars(&scalars, identifier, out);
        }
        for item in nested {
            text_value(item, identifier, None, out);
        }
    } else {
        let all: Vec<&Value> = items.iter().collect();
        text_scalars(&all, identifier, out);
    }
}

fn text_scalars(items: &[&Value], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(id) => {
            for item in items {
                out.push_str(&format!("{}\t{}\n", id.to_uppercase(), py_str(item)));
            }
        }
        None => {
            let cells: Vec<String> = items.iter().map(|v| py_str(v)).collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
}

fn text_object(
    map: &Map<String, Value>,
    identifier: Option<&str>,
    keys: Option<&[String]>,
    out: &mut String,
) {
    let mut cells: Vec<String> = Vec::new();
    let mut nested: Vec<(&String, &Value)> = Vec::new();
    let mut sorted: Vec<(&String, &Value)> = map.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    match keys {
        None => {
            for (k, v) in sorted {
                if is_scalar(v) {
                    cells.push(py_str(v));
                } else {
                    nested.push((k, v));
                }
            }
        }
        Some(keys) => {
            for k in keys {
                cells.push(map.get(k).map(py_str).unwrap_or_default());
            }
            nested = sorted
                .into_iter()
                .filter(|(k, _)| !keys.contains(k))
                .collect();
        }
    }
    if !cells.is_empty() {
        if let Some(id) = identifier {
            cells.insert(0, id.to_uppercase());
        }
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    for (k, v) in nested {
        text_value(v, Some(k), None, out);
    }
}

// ---------------------------------------------------------------- table

/// Width the AWS CLI assumes when it cannot ask the terminal.
const TERMINAL_WIDTH: usize = 80;

#[derive(Debug, Default, Clone)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
    max_widths: Vec<usize>,
}

/// Display width: East Asian wide, full-width and ambiguous characters
/// count two columns, as the AWS CLI counts them. (Approximated by the
/// common CJK and full-width ranges.)
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let u = c as u32;
            let wide = (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u)
                || (0x1F300..=0x1F64F).contains(&u)
                || (0x20000..=0x3FFFD).contains(&u);
            if wide { 2 } else { 1 }
        })
        .sum()
}

impl Section {
    fn update_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|c| width(c)).collect();
        } else {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = self.max_widths.get_mut(i) {
                    *w = (*w).max(width(cell));
                }
            }
        }
    }
    fn add_header(&mut self, headers: Vec<String>) {
        self.update_widths(&headers);
        self.headers = headers;
    }
    fn add_row(&mut self, row: Vec<String>) {
        self.update_widths(&row);
        self.rows.push(row);
    }
    fn total_width(&self) -> usize {
        let columns: usize = self.max_widths.iter().map(|w| w + 4).sum();
        let total = columns + 2 + 2 * self.indent;
        total.max(width(&self.title) + 2 + 2 * self.indent)
    }
    /// Column widths scaled to fill `max_width`, as `table.py` does it
    /// (Python's round-half-to-even, then fixed up one column at a time).
    fn column_widths(&self, max_width: usize) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + 4).collect();
        let sum: usize = unscaled.iter().sum();
        if unscaled.is_empty() || sum == 0 {
            return unscaled;
        }
        let scale = max_width as f64 / sum as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|w| round_half_even(scale * *w as f64))
            .collect();
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }
}

fn round_half_even(x: f64) -> i64 {
    let floor = x.floor();
    let diff = x - floor;
    let up = diff > 0.5 || (diff == 0.5 && (floor as i64) % 2 != 0);
    (if up { floor + 1.0 } else { floor }) as i64
}

fn center(text: &str, length: usize, left: &str, right: &str) -> String {
    let tw = width(text) as i64;
    let start = (length as i64 / 2 - tw / 2 - 1).max(0);
    let so_far = width(left) as i64 + start + tw;
    let right_spaces = (length as i64 - width(right) as i64 - so_far).max(0);
    format!(
        "{left}{}{text}{}{right}",
        " ".repeat(start as usize),
        " ".repeat(right_spaces as usize)
    )
}

fn align_left(text: &str, length: usize, left: &str, right: &str) -> String {
    let tw = width(text);
    let padding = if length >= tw + 2 + width(left) + width(right) {
        2
    } else {
        0
    };
    let so_far = left.chars().count() + padding + tw;
    let fill = length.saturating_sub(so_far + right.chars().count());
    format!(
        "{left}{}{text}{}{right}",
        " ".repeat(padding),
        " ".repeat(fill)
    )
}

struct TableBuilder {
    sections: Vec<Section>,
}

impl TableBuilder {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }
    fn new_section(&mut self, title: &str, indent: usize) {
        self.sections.push(Section {
            title: title.to_owned(),
            indent,
            ..Section::default()
        });
    }

    fn build(&mut self, title: Option<&str>, current: &Value, indent: usize) -> bool {
        let empty = match current {
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            other => !crate::jmespath::truthy(other),
        };
        if empty {
            return false;
        }
        if let Some(title) = title {
            self.new_section(title, indent);
        }
        match current {
            Value::Array(items) => {
                if items[0].is_object() {
                    self.sub_table_of_list(items, indent, title);
                } else {
                    for item in items {
                        match item {
                            Value::Array(inner) if inner.iter().all(is_scalar) => {
                                self.current().add_row(inner.iter().map(py_str).collect());
                            }
                            // Python iterates a dict's keys here.
                            Value::Object(map) => {
                                self.current().add_row(map.keys().cloned().collect());
                            }
                            Value::Array(_) => {
                                self.build(None, item, 0);
                            }
                            scalar => self.current().add_row(vec![py_str(scalar)]),
                        }
                    }
                }
            }
            Value::Object(map) => self.sub_table_of_object(map, indent),
            scalar => {
                // A bare scalar (a --query result) becomes a one-cell row.
                self.current().add_row(vec![py_str(scalar)]);
            }
        }
        true
    }

    fn sub_table_of_object(&mut self, map: &Map<String, Value>, indent: usize) {
        let (headers, more) = group(map);
        if headers.len() == 1 {
            let value = py_str(&map[&headers[0]]);
            self.current().add_row(vec![headers[0].clone(), value]);
        } else if !headers.is_empty() {
            let row = headers.iter().map(|h| py_str(&map[h])).collect();
            self.current().add_header(headers);
            self.current().add_row(row);
        }
        for key in more {
            self.build(Some(&key), &map[&key], indent + 1);
        }
    }

    fn sub_table_of_list(&mut self, items: &[Value], indent: usize, title: Option<&str>) {
        let mut headers: Vec<String> = Vec::new();
        let mut more: Vec<String> = Vec::new();
        for item in items {
            if let Value::Object(map) = item {
                let (h, m) = group(map);
                headers.extend(h);
                more.extend(m);
            }
        }
        headers.sort();
        headers.dedup();
        more.sort();
        more.dedup();
        self.current().add_header(headers.clone());
        let mut first = true;
        for item in items {
            if !first && !more.is_empty() {
                self.new_section(title.unwrap_or(""), indent);
                self.current().add_header(headers.clone());
            }
            first = false;
            let map = item.as_object();
            let row = headers
                .iter()
                .map(|h| map.and_then(|m| m.get(h)).map(py_str).unwrap_or_default())
                .collect();
            self.current().add_row(row);
            for key in &more {
                if let Some(value) = map.and_then(|m| m.get(key)) {
                    self.build(Some(key), value, indent + 1);
                }
            }
        }
    }
}

fn group(map: &Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let mut headers = Vec::new();
    let mut more = Vec::new();
    for (k, v) in map {
        if is_scalar(v) {
            headers.push(k.clone());
        } else {
            more.push(k.clone());
        }
    }
    headers.sort();
    more.sort();
    (headers, more)
}

/// `--output table`, titled with the operation's name (`DescribeClusters`).
/// Empty output for an empty result, as the AWS CLI prints nothing then.
pub fn table(title: &str, value: &Value) -> String {
    let mut builder = TableBuilder {
        sections: Vec::new(),
    };
    if !builder.build(Some(title), value, 0) {
        return String::new();
    }
    let mut sections = builder.sections;
    let mut max_width = sections.iter().map(Section::total_width).max().unwrap_or(0);
    if max_width > TERMINAL_WIDTH {
        // Too wide: one-row sections turn into key/value pairs.
        for section in &mut sections {
            if section.rows.len() == 1 && !section.headers.is_empty() {
                let mut vertical = Section {
                    title: section.title.clone(),
                    indent: section.indent,
                    ..Section::default()
                };
                let pairs: Vec<(String, String)> = section
                    .headers
                    .iter()
                    .cloned()
                    .zip(section.rows[0].iter().cloned())
                    .collect();
                for (h, v) in pairs {
                    vertical.add_row(vec![h, v]);
                }
                *section = vertical;
            }
        }
        max_width = sections.iter().map(Section::total_width).max().unwrap_or(0);
    }
    let mut out = format!("{}\n", "-".repeat(max_width));
    for section in &sections {
        render_section(section, max_width, &mut out);
    }
    out
}

fn line_break(widths: &[usize]) -> String {
    let mut s = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i == 0 {
            s.push_str(&format!("+{}+", "-".repeat(w.saturating_sub(2))));
        } else {
            s.push_str(&format!("{}+", "-".repeat(w.saturating_sub(1))));
        }
    }
    s
}

fn render_section(section: &Section, max_width: usize, out: &mut String) {
    let bars = "|".repeat(section.indent);
    let mut write = |line: &str| {
        out.push_str(&bars);
        out.push_str(line);
        out.push_str(&bars);
        out.push('\n');
    };
    let max_width = max_width.saturating_sub(section.indent * 2);
    if !section.title.is_empty() {
        write(&center(&section.title, max_width, "|", "|"));
        if section.headers.is_empty() && section.rows.is_empty() {
            write(&format!("+{}+", "-".repeat(max_width.saturating_sub(2))));
        }
    }
    let widths = section.column_widths(max_width);
    if !section.headers.is_empty() {
        let mut line = String::new();
        for (i, (w, h)) in widths.iter().zip(&section.headers).enumerate() {
            line.push_str(&center(h, *w, if i == 0 { "|" } else { "" }, "|"));
        }
        write(&line_break(&widths));
        write(&line);
    }
    if !section.rows.is_empty() && !widths.is_empty() {
        write(&line_break(&widths));
        for row in &section.rows {
            let mut line = String::new();
            for (i, (w, cell)) in widths.iter().zip(row).enumerate() {
                line.push_str(&align_left(cell, *w, if i == 0 { "|" } else { "" }, "|"));
            }
            write(&line);
        }
        write(&line_break(&widths));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_prints_like_the_aws_cli() {
        // `aws ecs list-clusters --output text`
        assert_eq!(
            text(&json!({"clusterArns": ["arn:a", "arn:b"]})),
            "CLUSTERARNS\tarn:a\nCLUSTERARNS\tarn:b\n"
        );
        // Objects in a list: scalar columns sorted by key, nested lists after.
        let v = json!({"clusters": [
            {"clusterName": "a", "status": "ACTIVE", "runningTasksCount": 0, "tags": [{"key": "k", "value": "v"}]},
            {"clusterName": "b", "status": "INACTIVE", "runningTasksCount": 2, "tags": []}
        ], "failures": []});
        assert_eq!(
            text(&v),
            "CLUSTERS\ta\t0\tACTIVE\nTAGS\tk\tv\nCLUSTERS\tb\t2\tINACTIVE\n"
        );
        // Bare scalars and lists (--query results).
        assert_eq!(text(&json!("x")), "x\n");
        assert_eq!(text(&json!(["a", "b"])), "a\tb\n");
        assert_eq!(text(&json!([["a", 1], ["b", true]])), "a\t1\nb\tTrue\n");
        assert_eq!(text(&Value::Null), "None\n");
        assert_eq!(text(&json!(1.0)), "1.0\n");
        assert_eq!(text(&json!([])), "");
    }

    #[test]
    fn table_draws_like_the_aws_cli() {
        let out = table(
            "ListClusters",
            &json!({"clusterArns": ["arn:aws:ecs:us-east-1:123456789012:cluster/demo"]}),
        );
        // Checked against awscli 1.x's own TableFormatter (same table.py as v2).
        let expected = "\
-------------------------------------------------------
|                    ListClusters                     |
+-----------------------------------------------------+
||                    clusterArns                    ||
|+---------------------------------------------------+|
||  arn:aws:ecs:us-east-1:123456789012:cluster/demo  ||
|+---------------------------------------------------+|
";
        assert_eq!(out, expected);
        let out = table(
            "DescribeThings",
            &json!({"things": [{"name": "a", "size": 1}, {"name": "bb", "size": 22}]}),
        );
        let expected = "\
--------------------
|  DescribeThings  |
+------------------+
||     things     ||
|+-------+--------+|
|| name  | size   ||
|+-------+--------+|
||  a    |  1     ||
||  bb   |  22    ||
|+-------+--------+|
";
        assert_eq!(out, expected);
        assert_eq!(table("X", &json!({})), "");
        assert_eq!(table("X", &json!([])), "");
    }

    #[test]
    fn timestamps_print_as_the_aws_cli_v2_prints_them() {
        let v = cli_view(
            &json!({"repository": {"createdAt": 1_767_225_601.5, "name": "x"}, "images": [{"imagePushedAt": 0.0}], "count": 3}),
        );
        assert_eq!(
            v,
            json!({"repository": {"createdAt": "2026-01-01T00:00:01.500000+00:00", "name": "x"}, "images": [{"imagePushedAt": "1970-01-01T00:00:00+00:00"}], "count": 3})
        );
    }

    #[test]
    fn half_even_rounding_like_python() {
        assert_eq!(round_half_even(0.5), 0);
        assert_eq!(round_half_even(1.5), 2);
        assert_eq!(round_half_even(2.5), 2);
        assert_eq!(round_half_even(2.6), 3);
    }
}
