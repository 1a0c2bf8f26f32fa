;; A table of ten million function references.
(module
  (table 10000000 funcref)
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
