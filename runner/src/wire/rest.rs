//! The REST-JSON protocol (EventBridge Scheduler): the operation is the
//! HTTP method and the path (`POST /schedules/{Name}`), members are bound
//! to the path (`uri`), the query string (`querystring`), headers
//! (`header`) or the JSON body, as each member's `location` in
//! `tables.json` says; the answer is the output as a JSON body with the
//! operation's status. Errors are JSON `{"Message": …}` with the code in
//! the `x-amzn-ErrorType` header and body `__type`, and an HTTP status by
//! kind (404 not found, 409 conflict, 400 otherwise), as botocore's
//! `RestJSONParser` reads them.

use super::{OperationTable, ServiceTable, query};
use crate::http::Request;
use serde_json::{Map, Value};

/// Matches `path` against a `requestUri` such as `/schedules/{Name}`:
/// the captured labels, percent-decoded.
fn match_uri(pattern: &str, path: &str) -> Option<Labels> {
    let pattern = pattern.split_once('?').map_or(pattern, |(p, _)| p);
    let mut pat = pattern.trim_start_matches('/').split('/');
    let mut segs = path.trim_start_matches('/').split('/');
    let mut labels = Vec::new();
    loop {
        match (pat.next(), segs.next()) {
            (None, None) => return Some(labels),
            (Some(p), Some(s)) => {
                if let Some(label) = p.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                    if let Some(greedy) = label.strip_suffix('+') {
                        let rest: Vec<&str> = std::iter::once(s).chain(segs.by_ref()).collect();
                        labels.push((greedy.to_owned(), decode(&rest.join("/"))));
                        return pat.next().is_none().then_some(labels);
                    }
                    if s.is_empty() {
                        return None;
                    }
                    labels.push((label.to_owned(), decode(s)));
                } else if p != s {
                    return None;
                }
            }
            _ => return None,
        }
    }
}

fn decode(text: &str) -> String {
    // Path segments: `+` is a plus, not a space.
    query::parse_form(&format!("x={}", text.replace('+', "%2B")))
        .remove("x")
        .unwrap_or_default()
}

/// Path labels captured from a request's path: (label, value).
pub type Labels = Vec<(String, String)>;

/// The operation `request` calls, and its captured path labels.
pub fn find_operation<'a>(
    table: &'a ServiceTable,
    request: &Request,
) -> Option<(&'a str, &'a OperationTable, Labels)> {
    let path = request
        .path
        .split_once('?')
        .map_or(&*request.path, |(p, _)| p);
    table.operations.iter().find_map(|(name, op)| {
        if op.method.as_deref() != Some(request.method.as_str()) {
            return None;
        }
        let labels = match_uri(op.uri.as_deref()?, path)?;
        Some((name.as_str(), op, labels))
    })
}

/// The operation's input as the engine's JSON: the body's members, then
/// the path, query-string and header members.
pub fn decode_input(
    table: &ServiceTable,
    op: &OperationTable,
    request: &Request,
    labels: &[(String, String)],
) -> Result<Value, String> {
    let mut input = if request.body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        match serde_json::from_slice::<Value>(&request.body) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err("The request body must be a JSON object.".into()),
            Err(e) => return Err(format!("The request body is not valid JSON: {e}.")),
        }
    };
    let Some(shape) = op.input.as_deref().and_then(|s| table.shapes.get(s)) else {
        return Ok(Value::Object(input));
    };
    let query = query::parse_form(request.path.split_once('?').map_or("", |(_, q)| q));
    for member in &shape.members {
        let Some(location) = member.traits.loc.as_deref() else {
            continue;
        };
        let name = member.traits.name.as_deref().unwrap_or(&member.name);
        let text = match location {
            "uri" => labels
                .iter()
                .find(|(l, _)| l == name)
                .map(|(_, v)| v.clone()),
            "querystring" => query.get(name).cloned(),
            "header" => request
                .header(&name.to_ascii_lowercase())
                .map(str::to_owned),
            _ => None,
        };
        let Some(text) = text else { continue };
        let kind = table
            .shapes
            .get(&member.shape)
            .map_or("string", |s| s.kind.as_str());
        let value = match kind {
            "integer" | "long" => text
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| format!("{name} must be a whole number, not '{text}'."))?,
            "boolean" => Value::Bool(text == "true"),
            _ => Value::String(text),
        };
        input.insert(member.name.clone(), value);
    }
    Ok(Value::Object(input))
}

/// The HTTP status of a REST-JSON error with this code.
pub fn error_status(code: &str) -> u16 {
    // EFS names its errors without the suffix and models their statuses
    // (F23.1–F23.3): SubnetNotFound and SecurityGroupNotFound are 400.
    const EFS_404: &[&str] = &[
        "FileSystemNotFound",
        "MountTargetNotFound",
        "AccessPointNotFound",
    ];
    const EFS_409: &[&str] = &[
        "FileSystemAlreadyExists",
        "FileSystemInUse",
        "MountTargetConflict",
        "IncorrectFileSystemLifeCycleState",
        "IncorrectMountTargetState",
        "IpAddressInUse",
        "NoFreeAddressesInSubnet",
        "AccessPointAlreadyExists",
    ];
    if code.ends_with("NotFoundException") || EFS_404.contains(&code) {
        404
    } else if code == "ConflictException" || EFS_409.contains(&code) {
        409
    } else if code == "AccessPointLimitExceeded" {
        403
    } else {
        400
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn matches_request_uris() {
        assert_eq!(
            match_uri("/schedules/{Name}", "/schedules/a%20b"),
            Some(vec![("Name".into(), "a b".into())])
        );
        assert_eq!(match_uri("/schedules", "/schedules"), Some(vec![]));
        assert_eq!(match_uri("/schedules/{Name}", "/schedules"), None);
        assert_eq!(match_uri("/schedules/{Name}", "/schedules/"), None);
        assert_eq!(match_uri("/schedules/{Name}", "/other/x"), None);
        assert_eq!(match_uri("/schedules", "/schedules/x"), None);
        assert_eq!(
            match_uri("/tags/{ResourceArn+}", "/tags/arn:aws:x/y"),
            Some(vec![("ResourceArn".into(), "arn:aws:x/y".into())])
        );
        assert_eq!(
            match_uri("/a/{B}?x", "/a/1+2"),
            Some(vec![("B".into(), "1+2".into())])
        );
    }
}
