;; Declares that its memory may grow to 4 GiB.
(module
  (memory (export "memory") 1 65536)
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
