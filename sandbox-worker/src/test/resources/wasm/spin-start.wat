;; A start function that never returns: it runs while the module is instantiated, before any test.
(module
  (func $spin (loop $forever (br $forever)))
  (start $spin)
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
