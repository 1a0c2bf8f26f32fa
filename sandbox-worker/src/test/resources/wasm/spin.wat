;; An exported function that never returns.
(module (func (export "add") (param i32 i32) (result i32) (loop $forever (br $forever)) (i32.const 0)))
