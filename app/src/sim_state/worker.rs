//! The simulator's Web Worker as a [`Backend`]: Trunk builds `worker/` as
//! `stevedore-worker.js` + `stevedore-worker_bg.wasm` with a loader shim
//! (`index.html`), which is what the worker runs.

use super::{Backend, Spawn};
use std::rc::Rc;
use stevedore_worker::protocol::crashed_text;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The worker's script (Trunk's loader shim for `stevedore-worker`),
/// relative to the site's root.
pub const WORKER_SCRIPT: &str = "/stevedore-worker_loader.js";

struct WebWorker {
    worker: web_sys::Worker,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl Backend for WebWorker {
    fn post(&self, text: String) {
        let _ = self.worker.post_message(&JsValue::from_str(&text));
    }

    fn terminate(&self) {
        self.worker.terminate();
    }
}

/// Starts the worker at [`WORKER_SCRIPT`]. Its messages go to `deliver`;
/// an error it does not catch (a script that fails to load, a trap) is
/// delivered as `Reply::Crashed` ([`crashed_text`]).
pub fn spawn() -> Spawn {
    Rc::new(|deliver: Rc<dyn Fn(String)>| {
        let worker = web_sys::Worker::new(WORKER_SCRIPT)
            .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))?;
        let on_message = {
            let deliver = deliver.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Some(text) = ev.data().as_string() {
                    deliver(text);
                }
            })
        };
        let on_error =
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
                ev.prevent_default();
                let what = ev.message();
                deliver(crashed_text(if what.is_empty() {
                    "the simulator's worker failed to load or stopped".to_owned()
                } else {
                    what
                }));
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Rc::new(WebWorker {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        }) as Rc<dyn Backend>)
    })
}
