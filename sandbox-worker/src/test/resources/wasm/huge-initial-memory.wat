;; Asks for 1 GiB of memory up front.
(module
  (memory (export "memory") 16384 16384)
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
