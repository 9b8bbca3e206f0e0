/// A node of the reverse-mode autodiff graph: a tensor value, its gradient, and how to push
/// that gradient back to the nodes it was computed from.
///
/// The engine is micrograd's design over tensors. Each operation (see `Variable+Ops.swift`)
/// builds its output value and, right beside it, a backward rule: a closure that receives the
/// output's gradient and accumulates the parents' gradients. `backward()` orders the graph
/// topologically and runs the rules from the loss back to the leaves. Gradients accumulate
/// with `+=`, so a node used twice needs no special case.
///
/// Parameters are long-lived leaves (`Variable.parameter`); everything else is rebuilt on each
/// forward pass and freed with the graph. The backward rule never captures its own node (it
/// receives the gradient as an argument), so graphs hold no reference cycles.
///
/// A *sparse* parameter (an embedding table) keeps a dense gradient buffer that is zero except
/// for the rows listed in `touchedRows`; optimisers update and clear only those rows.
///
/// ```swift
/// let w = Variable.parameter(Tensor(shape: [2, 1], scalars: [0.5, -1]))
/// let x = Variable(Tensor(rows: [[1, 2], [3, 4]]))
/// let loss = x.matmul(w).sum()
/// loss.backward()              // w.grad == [4, 6]
/// ```
public final class Variable {
  /// The forward value.
  public var value: Tensor
  /// The accumulated gradient of the loss with respect to `value`; nil until one arrives.
  public var grad: Tensor?
  /// Whether gradients flow into this node (true for parameters and anything built from them).
  public let requiresGrad: Bool
  /// A short label of the operation that made this node, for debugging.
  public let op: String
  /// Whether this is a sparse, row-updated parameter (an embedding table).
  public let isSparse: Bool
  /// For a sparse parameter: the distinct rows whose gradient may be non-zero.
  public private(set) var touchedRows: [Int] = []

  let parents: [Variable]
  let backwardRule: ((Tensor) -> Void)?
  private var rowTouched: [Bool] = []

  /// A constant leaf: data, targets, masks. No gradient is computed for it.
  public init(_ value: Tensor) {
    self.value = value
    self.requiresGrad = false
    self.op = "const"
    self.isSparse = false
    self.parents = []
    self.backwardRule = nil
  }

  /// The output of an operation: `backward` receives this node's gradient and must call
  /// `accumulate(_:)` on those `parents` that `requiresGrad`.
  ///
  /// This is the extension point for operations defined outside ShopTensor (losses).
  public init(
    op: String, value: Tensor, parents: [Variable], backward: @escaping (Tensor) -> Void
  ) {
    self.value = value
    self.requiresGrad = parents.contains { $0.requiresGrad }
    self.op = op
    self.isSparse = false
    self.parents = parents
    self.backwardRule = self.requiresGrad ? backward : nil
  }

  private init(parameter value: Tensor, sparse: Bool) {
    self.value = value
    self.requiresGrad = true
    self.op = "param"
    self.isSparse = sparse
    self.parents = []
    self.backwardRule = nil
    if sparse {
      grad = Tensor.zeros(value.shape)
      rowTouched = [Bool](repeating: false, count: value.rowCount)
    }
  }

  /// A trainable leaf. `sparse: true` for embedding tables updated row by row.
  public static func parameter(_ value: Tensor, sparse: Bool = false) -> Variable {
    Variable(parameter: value, sparse: sparse)
  }

  /// Adds `g` to this node's gradient.
  /// - Complexity: O(n); the first gradient is stored without copying.
  public func accumulate(_ g: Tensor) {
    guard requiresGrad else { return }
    precondition(g.count == value.count, "gradient \(g.shape) for value \(value.shape)")
    if var current = grad {
      grad = nil  // keep the buffer uniquely referenced so `add` mutates in place
      current.add(g)
      grad = current
    } else {
      grad = g.shape == value.shape ? g : g.reshaped(value.shape)
    }
  }

  /// Adds `rows` of gradient into a sparse parameter's rows `indices` (embedding backward).
  /// - Complexity: O(indices.count × d).
  public func accumulateRows(_ rows: Tensor, at indices: [Int]) {
    guard requiresGrad else { return }
    if !isSparse {
      var dense = Tensor.zeros(value.shape)
      dense.scatterAddRows(rows, at: indices)
      accumulate(dense)
      return
    }
    var current = grad ?? Tensor.zeros(value.shape)
    grad = nil
    current.scatterAddRows(rows, at: indices)
    grad = current
    for r in indices where !rowTouched[r] {
      rowTouched[r] = true
      touchedRows.append(r)
    }
  }

  /// Clears the gradient: a dense parameter drops it, a sparse one zeroes its touched rows.
  public func zeroGrad() {
    if isSparse {
      if var g = grad {
        grad = nil
        g.zeroRows(touchedRows)
        grad = g
      }
      for r in touchedRows { rowTouched[r] = false }
      touchedRows.removeAll(keepingCapacity: true)
    } else {
      grad = nil
    }
  }

  /// Back-propagates from this scalar node: seeds its gradient with 1 and runs every
  /// backward rule in reverse topological order.
  /// - Complexity: O(nodes + edges) plus the cost of each rule.
  public func backward() {
    precondition(value.count == 1, "backward from a non-scalar of shape \(value.shape)")
    var order: [Variable] = []
    var visited = Set<ObjectIdentifier>()
    // Iterative post-order DFS: parents before children.
    var stack: [(Variable, Bool)] = [(self, false)]
    while let (node, expanded) = stack.popLast() {
      if expanded {
        order.append(node)
        continue
      }
      guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
      stack.append((node, true))
      for p in node.parents where p.requiresGrad && !visited.contains(ObjectIdentifier(p)) {
        stack.append((p, false))
      }
    }
    accumulate(Tensor(repeating: 1, shape: value.shape))
    for node in order.reversed() {
      if let rule = node.backwardRule, let g = node.grad { rule(g) }
    }
  }
}
