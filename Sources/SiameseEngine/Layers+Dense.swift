/// Fully connected layer without activation: `[n, inputs]` → `[n, outputs]`.
public struct Dense: Sendable {
  /// `[inputs, outputs]`.
  public var kernel: Tensor
  /// `[outputs]`.
  public var bias: Tensor

  /// A layer with the given kernel and bias; mismatched shapes are programmer errors.
  public init(kernel: Tensor, bias: Tensor) {
    precondition(
      kernel.rank == 2 && bias.shape == [kernel.shape[1]],
      "kernel must be [inputs, outputs] and bias [outputs]; got \(kernel.shape), \(bias.shape)")
    self.kernel = kernel
    self.bias = bias
  }

  /// `y = x · kernel + bias`.
  public func forward(_ input: Tensor) -> Tensor {
    precondition(input.rank == 2 && input.shape[1] == kernel.shape[0], "input \(input.shape)")
    let (count, outputs) = (input.shape[0], kernel.shape[1])
    var output = [Float](repeating: 0, count: count * outputs)
    for row in 0..<count {
      for j in 0..<outputs { output[row * outputs + j] = bias.scalars[j] }
    }
    output.withUnsafeMutableBufferPointer { y in
      Kernels.gemm(
        m: count, n: outputs, k: kernel.shape[0], a: input.scalars, b: kernel.scalars, beta: 1,
        c: y.baseAddress!)
    }
    return Tensor(shape: [count, outputs], scalars: output)
  }

  /// Gradients with respect to the input, kernel and bias.
  public func backward(
    input: Tensor, outputGradient: Tensor
  ) -> (input: Tensor, kernel: Tensor, bias: Tensor) {
    let (count, inputs, outputs) = (input.shape[0], kernel.shape[0], kernel.shape[1])
    precondition(outputGradient.shape == [count, outputs], "outputGradient must match the output")
    var inputGradient = Tensor(shape: input.shape)
    var kernelGradient = Tensor(shape: kernel.shape)
    var biasGradient = Tensor(shape: bias.shape)
    inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
      Kernels.gemm(
        transposeB: true, m: count, n: inputs, k: outputs, a: outputGradient.scalars,
        b: kernel.scalars, beta: 0, c: dx.baseAddress!)
    }
    kernelGradient.scalars.withUnsafeMutableBufferPointer { dk in
      Kernels.gemm(
        transposeA: true, m: inputs, n: outputs, k: count, a: input.scalars,
        b: outputGradient.scalars, beta: 0, c: dk.baseAddress!)
    }
    biasGradient.scalars.withUnsafeMutableBufferPointer { db in
      Kernels.addColumnSums(
        outputGradient.scalars, rows: count, columns: outputs, into: db.baseAddress!)
    }
    return (inputGradient, kernelGradient, biasGradient)
  }
}

/// Rectified linear unit, element-wise.
public enum ReLU {
  /// `max(x, 0)` element-wise.
  public static func forward(_ input: Tensor) -> Tensor {
    Tensor(shape: input.shape, scalars: input.scalars.map(Activation.relu))
  }

  /// `outputGradient ⊙ [input > 0]` (the derivative at 0 is taken as 0).
  public static func backward(input: Tensor, outputGradient: Tensor) -> Tensor {
    precondition(input.shape == outputGradient.shape, "shapes must match")
    return Tensor(
      shape: input.shape,
      scalars: zip(input.scalars, outputGradient.scalars).map { $0 > 0 ? $1 : 0 })
  }
}

/// Logistic sigmoid, element-wise.
public enum Sigmoid {
  /// `1 / (1 + e^(−x))` element-wise.
  public static func forward(_ input: Tensor) -> Tensor {
    Tensor(shape: input.shape, scalars: input.scalars.map(Activation.sigmoid))
  }

  /// `outputGradient ⊙ s(1 − s)` with `s = forward(input)` passed as `output`.
  public static func backward(output: Tensor, outputGradient: Tensor) -> Tensor {
    precondition(output.shape == outputGradient.shape, "shapes must match")
    return Tensor(
      shape: output.shape,
      scalars: zip(output.scalars, outputGradient.scalars).map { $1 * $0 * (1 - $0) })
  }
}

/// Flattening of NHWC images to `[n, h·w·c]` in memory order (as Keras does for NHWC), so
/// forward and backward only change the shape.
public enum Flatten {
  /// `[n, …]` → `[n, product of the rest]`, same scalars.
  public static func forward(_ input: Tensor) -> Tensor {
    precondition(input.rank >= 1, "flatten needs a batch axis")
    return Tensor(
      shape: [input.shape[0], input.count / max(input.shape[0], 1)], scalars: input.scalars)
  }

  /// The output gradient reshaped back to `inputShape`.
  public static func backward(outputGradient: Tensor, inputShape: [Int]) -> Tensor {
    Tensor(shape: inputShape, scalars: outputGradient.scalars)
  }
}
