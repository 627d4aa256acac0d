// The app's exchange worker: reads workbooks and REFI-QDA projects and writes QDPX and QDC files
// in its own wasm module (src/exchange.rs), started by the app only when a file may need it.
// A request is {id, op: "load" | "qdpx" | "codebook", name, sheet, bytes, project, at}; the answer is
// {id, reply} for a read, {id, bytes} or {id, text} for a file written, or {id, failure}.
// The app starts it with its build's mark (?v=...), passed on so that no cached file of another
// build is used.
const mark = self.location.search;
importScripts(`./exchange.js${mark}`);
const ready = wasm_bindgen({ module_or_path: `./exchange_bg.wasm${mark}` });
self.onmessage = async (event) => {
  const { id, op, name, sheet, bytes, project, at } = event.data;
  try {
    await ready;
    if (op === "load") {
      self.postMessage({ id, reply: wasm_bindgen.load(name, sheet ?? undefined, bytes) });
    } else if (op === "qdpx") {
      const out = wasm_bindgen.qdpx(project, at);
      self.postMessage({ id, bytes: out }, [out.buffer]);
    } else if (op === "codebook") {
      self.postMessage({ id, text: wasm_bindgen.codebook() });
    } else {
      self.postMessage({ id, failure: `unknown request ${op}` });
    }
  } catch (error) {
    self.postMessage({ id, failure: String(error && error.message ? error.message : error) });
  }
};
