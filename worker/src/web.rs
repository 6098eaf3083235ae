//! The glue between a [`Host`] and the browser (wasm32 only): requests come
//! in as JSON texts, messages go out the same way, and a wall-clock ticker
//! (`setInterval`, [`TICK_MS`]) moves simulated time. The worker serves its
//! host over `postMessage` ([`serve_in_worker`]); the page's browser tests
//! serve one in the page ([`serve_in_page`]) through the very same code.

use crate::host::{Host, TICK_MS};
use crate::protocol::{Envelope, Message, Reply, from_text, to_text};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `globalThis.setInterval` (a worker's or a window's).
    #[wasm_bindgen(js_name = setInterval)]
    fn set_interval(handler: &js_sys::Function, ms: u32) -> i32;
    #[wasm_bindgen(js_name = clearInterval)]
    fn clear_interval(id: i32);
    /// `globalThis.queueMicrotask`.
    #[wasm_bindgen(js_name = queueMicrotask)]
    fn queue_microtask(callback: &js_sys::Function);
}

/// A host being served: its ticker stops when this is dropped (the page's
/// tests; the worker serves its host for as long as it lives).
pub struct Served {
    host: Rc<RefCell<Host>>,
    post: Rc<dyn Fn(String)>,
    ticker: i32,
    _tick: Closure<dyn FnMut()>,
}

impl std::fmt::Debug for Served {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Served")
            .field("ticker", &self.ticker)
            .finish()
    }
}

impl Served {
    /// Starts serving a fresh host: `post` sends one message text to the
    /// shell. Posts [`Reply::Ready`] first.
    pub fn start(post: Rc<dyn Fn(String)>) -> Served {
        let host = Rc::new(RefCell::new(Host::new()));
        let tick = {
            let host = host.clone();
            let post = post.clone();
            Closure::<dyn FnMut()>::new(move || {
                let Ok(mut host) = host.try_borrow_mut() else {
                    return;
                };
                for message in host.tick(js_sys::Date::now()) {
                    post(to_text(&message));
                }
            })
        };
        let ticker = set_interval(tick.as_ref().unchecked_ref(), TICK_MS);
        post(to_text(&Message {
            re: None,
            reply: Reply::Ready,
        }));
        Served {
            host,
            post,
            ticker,
            _tick: tick,
        }
    }

    /// Answers one request text.
    pub fn receive(&self, text: &str) {
        let messages = match from_text::<Envelope>(text) {
            Ok(Envelope { id, request }) => match self.host.try_borrow_mut() {
                Ok(mut host) => host.handle(id, request, js_sys::Date::now()),
                Err(_) => vec![Message {
                    re: Some(id),
                    reply: Reply::Refused("the simulator is busy".to_owned()),
                }],
            },
            Err(e) => vec![Message {
                re: None,
                reply: Reply::Refused(format!("unreadable request: {e}")),
            }],
        };
        for message in messages {
            (self.post)(to_text(&message));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        clear_interval(self.ticker);
    }
}

/// The worker's `main`: serves a host over the worker's `postMessage`, and
/// tells the page about a panic before the worker dies.
pub fn serve_in_worker() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    {
        let scope = scope.clone();
        std::panic::set_hook(Box::new(move |info| {
            console_error_panic_hook::hook(info);
            let _ = scope.post_message(&JsValue::from_str(&to_text(&Message {
                re: None,
                reply: Reply::Crashed(info.to_string()),
            })));
        }));
    }
    let post: Rc<dyn Fn(String)> = {
        let scope = scope.clone();
        Rc::new(move |text: String| {
            let _ = scope.post_message(&JsValue::from_str(&text));
        })
    };
    let served = Served::start(post);
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if let Some(text) = ev.data().as_string() {
                served.receive(&text);
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page keeps it.
    on_message.forget();
}

/// Serves a host in the page (the browser tests): messages reach
/// `deliver` asynchronously (after a microtask), as from a real worker.
pub fn serve_in_page(deliver: Rc<dyn Fn(String)>) -> Served {
    let post: Rc<dyn Fn(String)> = Rc::new(move |text: String| {
        let deliver = deliver.clone();
        let later = Closure::once_into_js(move || deliver(text));
        queue_microtask(later.unchecked_ref());
    });
    Served::start(post)
}
