//! Runs remotes' `server-render` builds: wasm a remote ships (its
//! `server_render` asset) that renders its `#[server_render]` modules to HTML
//! with a page's data (see `federation::server_render` for the protocol).
//!
//! A remote is another team's code, so it runs sandboxed: in an interpreter
//! (wasmi), in a fresh instance per render (nothing carries over between
//! students), with bounded fuel (instructions) and memory, and every import
//! (the browser APIs its Leptos build links) a trap. Anything that goes wrong
//! is an error the page answers with the module's skeleton, as before.

use federation::server_render::{read_answer, RenderRequest, ALLOC_EXPORT, RENDER_EXPORT};
use wasmi::{Config, Engine, Error, ExternType, Linker, Module, Store, StoreLimits, StoreLimitsBuilder};

/// Instructions one render may run: measured, a dashboard with 50 finished
/// exams takes 5.9 M (2-4 ms), the exam chooser 1.2 M; a render that loops is
/// stopped here, after well under a second of one core.
const FUEL_PER_RENDER: u64 = 200_000_000;

/// Linear memory one render may use.
const MEMORY_PER_RENDER: usize = 64 << 20;

/// One remote version's `server-render` build, compiled once.
pub(crate) struct ServerRenderer {
    module: Module,
    linker: Linker<StoreLimits>,
    /// Instructions one render may run.
    fuel: u64,
}

impl std::fmt::Debug for ServerRenderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerRenderer")
    }
}

impl ServerRenderer {
    /// Compiles `wasm`; the problem, when it is not a usable `server-render` build.
    pub(crate) fn new(wasm: &[u8]) -> Result<Self, String> {
        let mut config = Config::default();
        config.consume_fuel(true);
        let engine = Engine::new(&config);
        let module = Module::new(&engine, wasm).map_err(|e| format!("it is not wasm the server can run: {e}"))?;
        let mut linker = Linker::new(&engine);
        for import in module.imports() {
            let (from, name): (String, String) = (import.module().into(), import.name().into());
            let ExternType::Func(ty) = import.ty() else {
                return Err(format!(
                    "it imports `{from}.{name}`, which is not a function; only functions can be refused"
                ));
            };
            let called = format!("the render called `{from}.{name}`, a browser API the server does not have");
            linker
                .func_new(&from, &name, ty.clone(), move |_, _, _| Err(Error::new(called.clone())))
                .map_err(|e| e.to_string())?;
        }
        for export in [ALLOC_EXPORT, RENDER_EXPORT] {
            if module.get_export(export).is_none() {
                return Err(format!(
                    "it does not export `{export}`: build it with the remote's `server-render` feature"
                ));
            }
        }
        Ok(Self { module, linker, fuel: FUEL_PER_RENDER })
    }

    /// Renders `request` in a fresh instance: the HTML (`None` when the module
    /// declined this page), or why there is none.
    pub(crate) fn render(&self, request: &RenderRequest) -> Result<Option<String>, String> {
        let limits = StoreLimitsBuilder::new().memory_size(MEMORY_PER_RENDER).build();
        let mut store = Store::new(self.module.engine(), limits);
        store.limiter(|limits| limits);
        store.set_fuel(self.fuel).map_err(|e| e.to_string())?;
        let instance = self.linker.instantiate_and_start(&mut store, &self.module).map_err(|e| e.to_string())?;
        let memory = instance.get_memory(&store, "memory").ok_or("it exports no `memory`")?;
        let alloc = instance.get_typed_func::<i32, i32>(&store, ALLOC_EXPORT).map_err(|e| e.to_string())?;
        let render = instance.get_typed_func::<(i32, i32), i64>(&store, RENDER_EXPORT).map_err(|e| e.to_string())?;
        let input = serde_json::to_vec(request).map_err(|e| e.to_string())?;
        let length = i32::try_from(input.len()).map_err(|_| "the request is too large")?;
        let at = alloc.call(&mut store, length).map_err(|e| e.to_string())?;
        memory.write(&mut store, at as u32 as usize, &input).map_err(|e| e.to_string())?;
        let answer = render.call(&mut store, (at, length)).map_err(|e| e.to_string())? as u64;
        let fuel = self.fuel.saturating_sub(store.get_fuel().unwrap_or(0));
        tracing::debug!(module = request.module, fuel, "server render ran");
        let (at, length) = ((answer >> 32) as usize, (answer & 0xffff_ffff) as usize);
        let mut bytes = vec![0; length];
        memory.read(&store, at, &mut bytes).map_err(|e| e.to_string())?;
        read_answer(&bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with the server render's exports whose `mf_render` runs `body`
    /// (which leaves the packed answer on the stack) after the data `answer` at 64.
    fn module(imports: &str, body: &str) -> Vec<u8> {
        wat::parse_str(format!(
            r#"(module {imports}
                (memory (export "memory") 1)
                (data (i32.const 64) "H<p>ready</p>")
                (func (export "mf_alloc") (param i32) (result i32) (i32.const 1024))
                (func (export "mf_render") (param i32 i32) (result i64) {body}))"#
        ))
        .unwrap()
    }

    fn request() -> RenderRequest {
        RenderRequest { module: "Home".into(), ..RenderRequest::default() }
    }

    #[test]
    fn renders_the_answer() {
        let renderer =
            ServerRenderer::new(&module("", "(i64.or (i64.shl (i64.const 64) (i64.const 32)) (i64.const 13))"))
                .unwrap();
        assert_eq!(renderer.render(&request()), Ok(Some("<p>ready</p>".to_owned())));
        // A fresh instance each time: the same answer again.
        assert_eq!(renderer.render(&request()), Ok(Some("<p>ready</p>".to_owned())));
    }

    #[test]
    fn a_browser_api_call_is_refused_by_name() {
        let imports = r#"(import "wbg" "__wbg_window" (func $window (result i32)))"#;
        let renderer = ServerRenderer::new(&module(imports, "(drop (call $window)) (i64.const 0)")).unwrap();
        let problem = renderer.render(&request()).unwrap_err();
        assert!(problem.contains("wbg.__wbg_window"), "{problem}");
    }

    #[test]
    fn a_render_that_never_ends_is_stopped() {
        let mut renderer = ServerRenderer::new(&module("", "(loop $forever (br $forever)) (i64.const 0)")).unwrap();
        // Less than a render's allowance, so that the test is quick unoptimised.
        renderer.fuel = 1_000_000;
        let problem = renderer.render(&request()).unwrap_err();
        assert!(problem.to_lowercase().contains("fuel"), "{problem}");
    }

    #[test]
    fn memory_is_bounded() {
        let grow = "(drop (memory.grow (i32.const 2000))) (i64.extend_i32_u (memory.size))";
        let renderer = ServerRenderer::new(&module("", grow)).unwrap();
        // The growth was refused: one page (64 KiB) is all it has; the answer
        // it points to is then out of bounds or not an answer.
        assert!(renderer.render(&request()).is_err());
    }

    #[test]
    fn a_module_without_the_exports_is_refused() {
        let wasm = wat::parse_str(r#"(module (memory (export "memory") 1))"#).unwrap();
        let problem = ServerRenderer::new(&wasm).unwrap_err();
        assert!(problem.contains("mf_alloc") && problem.contains("server-render"), "{problem}");
        assert!(ServerRenderer::new(b"not wasm").unwrap_err().contains("not wasm"));
    }
}
