//! The account's small file system (`engine::files`: the task definitions,
//! policies and Dockerfiles that `file://` and `docker build` read) in an
//! editor. Opening a file reads it with `cat` (not logged); saving writes
//! it with a here-document and deleting runs `rm`, both through the command
//! line, so the log shows the command that did it.

use crate::sim_state::{SimHandle, shell_quote};
use leptos::prelude::*;

/// A here-document delimiter that no line of `text` equals.
pub fn delimiter(text: &str) -> String {
    let mut word = "EOF".to_owned();
    let mut n = 0;
    while text.lines().any(|l| l == word) {
        n += 1;
        word = format!("EOF{n}");
    }
    word
}

/// The command line that writes `text` to `path`.
pub fn write_command(path: &str, text: &str) -> String {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let end = delimiter(body);
    format!("cat > {} <<'{end}'\n{body}\n{end}", shell_quote(path))
}

#[component]
pub fn FileEditor() -> impl IntoView {
    let sim = SimHandle::expect();
    let view_signal = sim.view();
    let files = Memo::new(move |_| view_signal.with(|v| v.files.clone()));
    let path = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let open = move |p: String| {
        path.set(p.clone());
        error.set(None);
        sim.query(&format!("cat {}", shell_quote(&p)), move |out, ok| {
            if ok {
                text.set(out);
            } else {
                error.set(Some(out));
            }
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = path.get_untracked();
        if p.trim().is_empty() {
            error.set(Some("Name the file first, e.g. td.json.".to_owned()));
            return;
        }
        error.set(None);
        sim.run_line(&write_command(p.trim(), &text.get_untracked()));
    };
    let delete = move |_| {
        let p = path.get_untracked();
        if !p.trim().is_empty() {
            sim.run_line(&format!("rm {}", shell_quote(p.trim())));
            path.set(String::new());
            text.set(String::new());
        }
    };
    view! {
        <div class="file-editor" data-testid="file-editor">
            <Show when=move || !files.with(Vec::is_empty) fallback=|| view! { <p class="empty">"No files yet. Name one below, or write one on the command line (cat > td.json <<'EOF' …)."</p> }>
                <ul class="file-list">
                    <For
                        each=move || files.get()
                        key=|(p, size)| (p.clone(), *size)
                        children=move |(p, size)| {
                            let name = p.clone();
                            view! {
                                <li>
                                    <button type="button" class="link" data-testid="file" on:click=move |_| open(name.clone())>{p.clone()}</button>
                                    <span class="meta">{format!(" {size} bytes")}</span>
                                </li>
                            }
                        }
                    />
                </ul>
            </Show>
            <form on:submit=save>
                <label for="file-path">"File"</label>
                <input id="file-path" type="text" placeholder="td.json" autocomplete="off" spellcheck="false" prop:value=move || path.get() on:input=move |ev| path.set(event_target_value(&ev)) />
                <label for="file-text">"Contents"</label>
                <textarea id="file-text" rows="8" spellcheck="false" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <p class="lab-buttons">
                    <button type="submit">"Save"</button>
                    " "
                    <button type="button" class="danger" on:click=delete>"Delete"</button>
                </p>
                <p class="hint">"Save and Delete run cat > FILE <<'EOF' … and rm FILE on the command line; the log shows them."</p>
            </form>
        </div>
    }
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_no_line_of_the_text() {
        assert_eq!(delimiter("{}"), "EOF");
        assert_eq!(delimiter("a\nEOF\nb"), "EOF1");
        assert_eq!(delimiter("EOF\nEOF1"), "EOF2");
        assert_eq!(
            write_command("my file.json", "{\"a\": 1}\n"),
            "cat > 'my file.json' <<'EOF'\n{\"a\": 1}\nEOF"
        );
    }

    #[test]
    fn what_it_writes_reads_back_through_the_shell() {
        let mut sim = stevedore_engine::Sim::new(stevedore_engine::SimConfig::default())
            .unwrap_or_else(|e| panic!("{}", e.message));
        let mut shell = stevedore_cli::shell::Shell::new();
        let text = "line one\nEOF\n  $HOME and `x`\n";
        let out = shell.run(&mut sim, &write_command("notes.txt", text));
        assert!(out.is_ok(), "{}", out.stderr);
        let back = shell.run(&mut sim, "cat notes.txt");
        assert_eq!(back.stdout, text);
    }
}
