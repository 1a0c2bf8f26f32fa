;; Asks the host for a memory instead of declaring its own.
(module
  (import "env" "memory" (memory 1))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
