//! Register a task definition from JSON, as the console's JSON editor
//! does: the text is saved to a file of the account (`cat > taskdef.json`)
//! and registered with `aws ecs register-task-definition --cli-input-json
//! file://taskdef.json`, both through the command line, so the log shows
//! the commands. Errors come from the CLI and the engine's own validation;
//! [`locate`] finds the line they are about and the editor marks it.

use crate::components::files::write_command;
use crate::sim_state::{SimHandle, shell_quote};
use leptos::prelude::*;

/// Lecture 204's task definition: nginxdemos/hello on Fargate.
pub const TEMPLATE: &str = r#"{
  "family": "nginx-demo",
  "requiresCompatibilities": ["FARGATE"],
  "networkMode": "awsvpc",
  "cpu": "256",
  "memory": "512",
  "containerDefinitions": [
    {
      "name": "nginx",
      "image": "nginxdemos/hello",
      "essential": true,
      "portMappings": [
        { "containerPort": 80, "protocol": "tcp" }
      ]
    }
  ]
}
"#;

/// The guided form's fields: the common ones of a one-container task
/// definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guided {
    pub family: String,
    /// `FARGATE` (awsvpc, task size required) or `EC2` (bridge).
    pub launch: String,
    /// Task CPU units and MiB (`256`, `512`); for EC2, empty is allowed.
    pub cpu: String,
    pub memory: String,
    pub container: String,
    pub image: String,
    /// A container port, or empty for none.
    pub port: String,
    /// An execution role ARN or name, or empty.
    pub execution_role: String,
    /// Send the container's output to CloudWatch Logs (awslogs).
    pub logs: bool,
}

impl Default for Guided {
    fn default() -> Self {
        Guided {
            family: "nginx-demo".to_owned(),
            launch: "FARGATE".to_owned(),
            cpu: "256".to_owned(),
            memory: "512".to_owned(),
            container: "nginx".to_owned(),
            image: "nginxdemos/hello".to_owned(),
            port: "80".to_owned(),
            execution_role: String::new(),
            logs: false,
        }
    }
}

/// A JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The guided form as task definition JSON (for the editor), or what is
/// missing. Sizes, names and the rest are AWS's to check on Register.
pub fn guided_json(g: &Guided, region: &str) -> Result<String, String> {
    let need = |v: &str, what: &str| {
        if v.trim().is_empty() {
            Err(format!("{what} is needed."))
        } else {
            Ok(v.trim().to_owned())
        }
    };
    let family = need(&g.family, "A family name")?;
    let container = need(&g.container, "A container name")?;
    let image = need(&g.image, "An image")?;
    let fargate = g.launch == "FARGATE";
    let number = |v: &str, what: &str| -> Result<Option<u32>, String> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<u32>()
            .map(Some)
            .map_err(|_| format!("{what}: a whole number, please (got \"{v}\")."))
    };
    let cpu = number(&g.cpu, "CPU units")?;
    let memory = number(&g.memory, "Memory (MiB)")?;
    if fargate && (cpu.is_none() || memory.is_none()) {
        return Err("A Fargate task needs its CPU and memory.".to_owned());
    }
    let port = number(&g.port, "Container port")?;
    let mut top = vec![format!("  \"family\": {}", json_string(&family))];
    if fargate {
        top.push("  \"requiresCompatibilities\": [\"FARGATE\"]".to_owned());
        top.push("  \"networkMode\": \"awsvpc\"".to_owned());
    } else {
        top.push("  \"requiresCompatibilities\": [\"EC2\"]".to_owned());
        top.push("  \"networkMode\": \"bridge\"".to_owned());
    }
    if let Some(c) = cpu {
        top.push(format!("  \"cpu\": \"{c}\""));
    }
    if let Some(m) = memory {
        top.push(format!("  \"memory\": \"{m}\""));
    }
    let role = g.execution_role.trim();
    if !role.is_empty() {
        top.push(format!("  \"executionRoleArn\": {}", json_string(role)));
    }
    let mut c = vec![
        format!("      \"name\": {}", json_string(&container)),
        format!("      \"image\": {}", json_string(&image)),
        "      \"essential\": true".to_owned(),
    ];
    if !fargate && memory.is_none() {
        // EC2 without a task size: the container needs its own memory.
        c.push("      \"memory\": 128".to_owned());
    }
    if let Some(p) = port {
        let host = if fargate {
            format!(", \"hostPort\": {p}")
        } else {
            ", \"hostPort\": 0".to_owned()
        };
        c.push(format!(
            "      \"portMappings\": [\n        {{ \"containerPort\": {p}{host}, \"protocol\": \"tcp\" }}\n      ]"
        ));
    }
    if g.logs {
        c.push(format!(
            "      \"logConfiguration\": {{\n        \"logDriver\": \"awslogs\",\n        \"options\": {{\n          \"awslogs-group\": {},\n          \"awslogs-region\": {},\n          \"awslogs-stream-prefix\": \"ecs\",\n          \"awslogs-create-group\": \"true\"\n        }}\n      }}",
            json_string(&format!("/ecs/{family}")),
            json_string(region)
        ));
    }
    top.push(format!(
        "  \"containerDefinitions\": [\n    {{\n{}\n    }}\n  ]",
        c.join(",\n")
    ));
    Ok(format!("{{\n{}\n}}\n", top.join(",\n")))
}

/// Where an error is: a line (1-based) and, when the message says, a
/// column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub column: Option<usize>,
}

fn number_after(text: &str, word: &str) -> Option<usize> {
    let at = text.find(word)? + word.len();
    let digits: String = text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte].matches('\n').count() + 1
}

/// The words a message quotes ('x', "x" or `x`), in order.
fn quoted(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for q in ['\'', '"', '`'] {
        let mut rest = message;
        while let Some(start) = rest.find(q) {
            let after = &rest[start + 1..];
            let Some(end) = after.find(q) else { break };
            let word = &after[..end];
            if !word.is_empty() && word.len() < 80 && !word.contains(' ') {
                out.push((message.len() - rest.len() + start, word));
            }
            rest = &after[end + 1..];
        }
    }
    out.sort();
    out.into_iter().map(|(_, w)| w).collect()
}

/// The line of JSON `text` that an error `message` is about:
/// - a JSON syntax error says where (`at line 5 column 3`);
/// - else the first word the message quotes that the text has as a key or
///   a string value (`Invalid 'cpu' setting`, `container 'web'`,
///   `Unknown parameter in input: "cpuu"`, `string "lots"`);
/// - else the first word of the message that is a key of the text
///   (`256 CPU, 4096 memory`).
pub fn locate(text: &str, message: &str) -> Option<Located> {
    if let Some(line) = number_after(message, "at line ") {
        let column = number_after(message, &format!("at line {line} column "));
        return Some(Located { line, column });
    }
    let find = |word: &str, as_key_only: bool| {
        let needle = format!("\"{word}\"");
        let mut from = 0;
        while let Some(i) = text[from..].find(&needle) {
            let at = from + i;
            let after = text[at + needle.len()..].trim_start();
            if !as_key_only || after.starts_with(':') {
                return Some(line_of(text, at));
            }
            from = at + needle.len();
        }
        None
    };
    let at = |line| Some(Located { line, column: None });
    for word in quoted(message) {
        if let Some(line) = find(word, false) {
            return at(line);
        }
    }
    let words = || {
        message
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() >= 3)
    };
    for word in words() {
        if let Some(line) = find(word, true) {
            return at(line);
        }
    }
    // Last, a key the word begins (`Container.image` → the
    // `containerDefinitions` it is in).
    for word in words() {
        let lower = word.to_ascii_lowercase();
        let mut from = 0;
        while let Some(i) = text[from..].find(&format!("\"{lower}")) {
            let at_byte = from + i;
            let rest = &text[at_byte + 1..];
            let Some(key_end) = rest.find('"') else { break };
            if rest[key_end + 1..].trim_start().starts_with(':') {
                return at(line_of(text, at_byte));
            }
            from = at_byte + 1;
        }
    }
    None
}

/// What a failed register says, without the CLI's echo of the JSON.
pub fn short_message(code: &str, message: &str) -> String {
    let text = message
        .split("\nJSON received:")
        .next()
        .unwrap_or(message)
        .trim();
    if code == "Error" {
        text.to_owned()
    } else {
        format!("{code}: {text}")
    }
}

#[component]
pub fn TaskDefinitionEditor() -> impl IntoView {
    let sim = SimHandle::expect();
    let path = RwSignal::new("taskdef.json".to_owned());
    let text = RwSignal::new(TEMPLATE.to_owned());
    let error = RwSignal::new(None::<(String, Option<Located>)>);
    let registered = RwSignal::new(None::<String>);
    let gutter = NodeRef::<leptos::html::Pre>::new();
    let lines = move || text.with(|t| t.lines().count().max(1));
    let bad_line = move || error.with(|e| e.as_ref().and_then(|(_, at)| at.map(|a| a.line)));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let file = path.get_untracked().trim().to_owned();
        let json = text.get_untracked();
        if file.is_empty() {
            error.set(Some((
                "Name the file to save the JSON in.".to_owned(),
                None,
            )));
            return;
        }
        registered.set(None);
        let register = format!(
            "aws ecs register-task-definition --cli-input-json {} --query 'taskDefinition.[family,revision]' --output text",
            shell_quote(&format!("file://{file}"))
        );
        sim.run_form(write_command(&file, &json), move |saved| {
            if let Err((code, message)) = saved {
                error.set(Some((short_message(&code, &message), None)));
                return;
            }
            sim.run_form_output(register, move |result| match result {
                Ok(out) => {
                    error.set(None);
                    let mut words = out.split_whitespace();
                    registered.set(Some(match (words.next(), words.next()) {
                        (Some(family), Some(revision)) => format!("{family}:{revision}"),
                        _ => out.trim().to_owned(),
                    }));
                }
                Err((code, message)) => {
                    let at = locate(&json, &message);
                    error.set(Some((short_message(&code, &message), at)));
                }
            });
        });
    };
    let sync_scroll = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        if let (Some(area), Some(g)) = (
            ev.target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()),
            gutter.get(),
        ) {
            g.set_scroll_top(area.scroll_top());
        }
    };

    view! {
        <form class="taskdef-editor" aria-label="Register task definition" on:submit=submit novalidate>
            <GuidedForm text=text on_write=move || { error.set(None); registered.set(None); } />
            <label for="taskdef-path">"Save as"</label>
            <input id="taskdef-path" type="text" autocomplete="off" prop:value=move || path.get() on:input=move |ev| path.set(event_target_value(&ev)) />
            <label for="taskdef-json">"Task definition JSON"</label>
            <div class="editor">
                <pre class="gutter" aria-hidden="true" node_ref=gutter>
                    {move || {
                        let bad = bad_line();
                        (1..=lines()).map(|n| {
                            let mark = bad == Some(n);
                            view! { <span class:bad=mark>{n.to_string()}"\n"</span> }
                        }).collect_view()
                    }}
                </pre>
                <textarea
                    id="taskdef-json"
                    spellcheck="false"
                    autocomplete="off"
                    rows="16"
                    aria-describedby="taskdef-help"
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    prop:value=move || text.get()
                    on:input=move |ev| { text.set(event_target_value(&ev)); error.set(None); registered.set(None); }
                    on:scroll=sync_scroll
                ></textarea>
            </div>
            <p id="taskdef-help" class="hint">
                "Saved as a file of your account, then registered with "
                <code>"aws ecs register-task-definition --cli-input-json file://…"</code>
                ". The checks are AWS's: a mistake is reported with the line it is on."
            </p>
            <div class="row">
                <button type="submit">"Register"</button>
                <button type="button" on:click=move |_| { text.set(TEMPLATE.to_owned()); error.set(None); registered.set(None); }>"Start again from the template"</button>
            </div>
            {move || error.get().map(|(message, at)| {
                let place = at.map(|a| match a.column {
                    Some(c) => format!("Line {}, column {c}: ", a.line),
                    None => format!("Line {}: ", a.line),
                });
                view! { <p class="form-error" role="alert">{place}{message}</p> }
            })}
            {move || registered.get().map(|name| view! { <p class="form-ok" role="status">{format!("Registered task definition {name}.")}</p> })}
        </form>
    }
}

/// The common fields as a form that writes the JSON into the editor (the
/// learner then reads it, changes it if they like, and registers it).
#[component]
fn GuidedForm(text: RwSignal<String>, on_write: impl Fn() + Copy + 'static) -> impl IntoView {
    let sim = SimHandle::expect();
    let region = sim.view();
    let g = RwSignal::new(Guided::default());
    let problem = RwSignal::new(None::<String>);
    let field = move |id: &'static str,
                      label: &'static str,
                      get: fn(&Guided) -> String,
                      set: fn(&mut Guided, String)| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type="text" autocomplete="off" prop:value=move || g.with(get) on:input=move |ev| { let v = event_target_value(&ev); g.update(|x| set(x, v)); } />
            </div>
        }
    };
    let write = move |_| {
        let r = region.with_untracked(|v| v.region.clone());
        match g.with_untracked(|x| guided_json(x, &r)) {
            Ok(json) => {
                problem.set(None);
                text.set(json);
                on_write();
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    view! {
        <details class="guided console-form">
            <summary>"Guided form: fill in the common fields"</summary>
            <div class="grid">
                {field("td-family", "Family", |x| x.family.clone(), |x, v| x.family = v)}
                <div class="field">
                    <label for="td-launch">"Launch type"</label>
                    <select id="td-launch" prop:value=move || g.with(|x| x.launch.clone()) on:change=move |ev| { let v = event_target_value(&ev); g.update(|x| x.launch = v); }>
                        <option value="FARGATE">"Fargate (awsvpc)"</option>
                        <option value="EC2">"EC2 (bridge)"</option>
                    </select>
                </div>
                {field("td-cpu", "Task CPU units", |x| x.cpu.clone(), |x, v| x.cpu = v)}
                {field("td-memory", "Task memory (MiB)", |x| x.memory.clone(), |x, v| x.memory = v)}
                {field("td-container", "Container name", |x| x.container.clone(), |x, v| x.container = v)}
                {field("td-image", "Image", |x| x.image.clone(), |x, v| x.image = v)}
                {field("td-port", "Container port", |x| x.port.clone(), |x, v| x.port = v)}
                {field("td-role", "Task execution role (optional)", |x| x.execution_role.clone(), |x, v| x.execution_role = v)}
            </div>
            <label class="choice"><input type="checkbox" prop:checked=move || g.with(|x| x.logs) on:change=move |_| g.update(|x| x.logs = !x.logs) />"Send the container's output to CloudWatch Logs (awslogs; needs an execution role)"</label>
            <button type="button" on:click=write>"Write it in the editor"</button>
            {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
        </details>
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use stevedore_engine::{Sim, SimConfig};

    /// The error the sandbox's command line gives for `json` registered
    /// the way the editor does it.
    fn register(json: &str) -> Result<String, (String, String)> {
        let mut sim = Sim::new(SimConfig::with_seed(3)).unwrap();
        let mut shell = stevedore_cli::shell::Shell::new();
        let saved = shell.run(&mut sim, &write_command("taskdef.json", json));
        assert!(saved.is_ok(), "{}", saved.stderr);
        let out = shell.run(
            &mut sim,
            "aws ecs register-task-definition --cli-input-json file://taskdef.json --query 'taskDefinition.[family,revision]' --output text",
        );
        if out.is_ok() {
            Ok(out.stdout)
        } else {
            Err((String::new(), format!("{}{}", out.stdout, out.stderr)))
        }
    }

    #[test]
    fn the_guided_forms_json_registers_for_fargate_and_ec2() {
        let fargate = guided_json(&Guided::default(), "us-east-1").unwrap();
        assert_eq!(register(&fargate).unwrap().trim(), "nginx-demo\t1");
        let ec2 = Guided {
            family: "web \"quoted\"".into(),
            launch: "EC2".into(),
            cpu: String::new(),
            memory: String::new(),
            port: "8080".into(),
            ..Guided::default()
        };
        let json = guided_json(&ec2, "us-east-1").unwrap();
        assert!(
            json.contains("\"family\": \"web \\\"quoted\\\"\""),
            "{json}"
        );
        // The family name is AWS's to refuse (letters, numbers, - and _).
        let (_, message) = register(&json).unwrap_err();
        assert!(message.contains("family"), "{message}");
        let plain = Guided {
            family: "web".into(),
            ..ec2
        };
        let json = guided_json(&plain, "us-east-1").unwrap();
        assert!(
            json.contains("\"hostPort\": 0") && json.contains("\"memory\": 128"),
            "{json}"
        );
        assert_eq!(register(&json).unwrap().trim(), "web\t1");
        let logged = Guided {
            logs: true,
            execution_role: "ecsTaskExecutionRole".into(),
            ..Guided::default()
        };
        let json = guided_json(&logged, "eu-west-1").unwrap();
        assert!(json.contains("\"awslogs-region\": \"eu-west-1\""), "{json}");
        assert!(
            json.contains("\"executionRoleArn\": \"ecsTaskExecutionRole\""),
            "{json}"
        );
    }

    #[test]
    fn the_guided_form_says_what_is_missing() {
        let missing = |f: fn(&mut Guided)| {
            let mut g = Guided::default();
            f(&mut g);
            guided_json(&g, "us-east-1").unwrap_err()
        };
        assert_eq!(missing(|g| g.image = " ".into()), "An image is needed.");
        assert_eq!(
            missing(|g| g.cpu.clear()),
            "A Fargate task needs its CPU and memory."
        );
        assert!(missing(|g| g.port = "http".into()).starts_with("Container port: a whole number"));
    }

    #[test]
    fn the_template_registers() {
        assert_eq!(register(TEMPLATE).unwrap().trim(), "nginx-demo\t1");
    }

    #[test]
    fn each_mistake_is_found_on_its_line() {
        let cases: [(&str, &str, usize); 5] = [
            // A missing brace: the parser says where.
            ("  \"essential\": true,", "  \"essential\": true", 12),
            // A typo in a key: botocore's "Unknown parameter".
            ("\"cpu\": \"256\"", "\"cpuu\": \"256\"", 5),
            // No Fargate size for 256 CPU with 4096 MiB: the message names
            // neither in quotes; "memory" is the first key it names.
            ("\"memory\": \"512\"", "\"memory\": \"4096\"", 6),
            // A protocol that is not tcp or udp.
            ("\"protocol\": \"tcp\"", "\"protocol\": \"http\"", 13),
            // No image: AWS's message names no container; the editor
            // points at the container definitions.
            ("\"image\": \"nginxdemos/hello\",", "", 7),
        ];
        for (from, to, line) in cases {
            assert!(TEMPLATE.contains(from), "{from}");
            let json = TEMPLATE.replacen(from, to, 1);
            let (_, message) = register(&json).expect_err(to);
            let at = locate(&json, &message).unwrap_or_else(|| panic!("no line for: {message}"));
            assert_eq!(at.line, line, "{to}: {message}");
        }
    }

    #[test]
    fn a_syntax_error_has_its_column_and_quotes_are_read() {
        assert_eq!(
            locate(
                "{\n  \"a\": 1\n  \"b\": 2\n}",
                "Invalid JSON: expected `,` or `}` at line 3 column 3"
            ),
            Some(Located {
                line: 3,
                column: Some(3)
            })
        );
        assert_eq!(
            quoted("a 'b' and \"c\" or `d` 'two words'"),
            ["b", "c", "d"]
        );
        assert_eq!(locate("{}", "something else entirely"), None);
        assert_eq!(locate("{\"contain", "Container.x"), None, "an unclosed key");
        assert_eq!(
            locate("{\n\"aa\": 1}", "'a' is not 'aa' and \"a\" neither"),
            Some(Located {
                line: 2,
                column: None
            })
        );
        assert_eq!(
            short_message(
                "Error",
                "Error parsing parameter: Invalid JSON: x\nJSON received: {…}"
            ),
            "Error parsing parameter: Invalid JSON: x"
        );
        assert_eq!(
            short_message("ClientException", "Bad."),
            "ClientException: Bad."
        );
    }
}
