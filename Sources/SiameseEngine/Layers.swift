// Stand-alone layers with explicit forward and backward passes. The network runs the same
// kernels fused (convolution + bias + ReLU + pooling) to save passes over memory; these types
// expose each step on its own so that each can be checked alone.

/// 2-D convolution with valid padding and stride 1, no activation.
public struct Conv2D: Sendable {
  /// `[kernelHeight, kernelWidth, inputChannels, outputChannels]` (HWIO).
  public var kernel: Tensor
  /// `[outputChannels]`.
  public var bias: Tensor

  /// A layer with the given kernel and bias; mismatched shapes are programmer errors.
  public init(kernel: Tensor, bias: Tensor) {
    precondition(
      kernel.rank == 4 && bias.shape == [kernel.shape[3]],
      "kernel must be HWIO and bias [outputChannels]; got \(kernel.shape) and \(bias.shape)")
    self.kernel = kernel
    self.bias = bias
  }

  func geometry(for input: Tensor) -> ConvolutionGeometry {
    precondition(
      input.rank == 4 && input.shape[3] == kernel.shape[2] && input.shape[1] >= kernel.shape[0]
        && input.shape[2] >= kernel.shape[1],
      "input \(input.shape) does not fit kernel \(kernel.shape)")
    return ConvolutionGeometry(
      height: input.shape[1], width: input.shape[2], inputChannels: kernel.shape[2],
      kernelHeight: kernel.shape[0], kernelWidth: kernel.shape[1], outputChannels: kernel.shape[3])
  }

  /// `[n, h, w, cin]` → `[n, h − kh + 1, w − kw + 1, cout]`:
  /// `y[n, i, j, o] = b[o] + Σ_{p, q, c} x[n, i + p, j + q, c] · k[p, q, c, o]`.
  public func forward(_ input: Tensor) -> Tensor {
    let g = geometry(for: input)
    let count = input.shape[0]
    var output = [Float](repeating: 0, count: count * g.outputPixels * g.outputChannels)
    input.scalars.withUnsafeBufferPointer { x in
      kernel.scalars.withUnsafeBufferPointer { k in
        bias.scalars.withUnsafeBufferPointer { b in
          output.withUnsafeMutableBufferPointer { y in
            Kernels.convolutionForward(
              g, pool: false, relu: false, kernel: k.baseAddress!, bias: b.baseAddress!,
              input: x.baseAddress!, count: count, output: y.baseAddress!, argmax: nil)
          }
        }
      }
    }
    return Tensor(
      shape: [count, g.outputHeight, g.outputWidth, g.outputChannels], scalars: output)
  }

  /// Gradients with respect to the input, kernel and bias, given the loss gradient with
  /// respect to the output (shaped like `forward(input)`).
  public func backward(
    input: Tensor, outputGradient: Tensor
  ) -> (input: Tensor, kernel: Tensor, bias: Tensor) {
    let g = geometry(for: input)
    let count = input.shape[0]
    precondition(
      outputGradient.shape == [count, g.outputHeight, g.outputWidth, g.outputChannels],
      "outputGradient shape \(outputGradient.shape) does not match the output")
    var inputGradient = Tensor(shape: input.shape)
    var kernelGradient = Tensor(shape: kernel.shape)
    var biasGradient = Tensor(shape: bias.shape)
    input.scalars.withUnsafeBufferPointer { x in
      kernel.scalars.withUnsafeBufferPointer { k in
        outputGradient.scalars.withUnsafeBufferPointer { dy in
          inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
            kernelGradient.scalars.withUnsafeMutableBufferPointer { dk in
              biasGradient.scalars.withUnsafeMutableBufferPointer { db in
                Kernels.convolutionBackward(
                  g, pool: false, relu: false, kernel: k.baseAddress!, input: x.baseAddress!,
                  count: count, output: dy.baseAddress!, argmax: nil,
                  outputGradient: dy.baseAddress!, kernelGradient: dk.baseAddress!,
                  biasGradient: db.baseAddress!, inputGradient: dx.baseAddress!)
              }
            }
          }
        }
      }
    }
    return (inputGradient, kernelGradient, biasGradient)
  }
}

/// 2×2 max pooling with stride 2; odd trailing rows and columns are dropped.
public enum MaxPool2D {
  /// `[n, h, w, c]` → `[n, h / 2, w / 2, c]` (integer division).
  public static func forward(_ input: Tensor) -> Tensor {
    run(input).output
  }

  /// Routes each output gradient to the input position that won its window (the first one
  /// in row-major order on ties); every other input position gets 0.
  public static func backward(input: Tensor, outputGradient: Tensor) -> Tensor {
    let (output, winners) = run(input)
    precondition(outputGradient.shape == output.shape, "outputGradient must match the output")
    var gradient = Tensor(shape: input.shape)
    outputGradient.scalars.withUnsafeBufferPointer { dy in
      output.scalars.withUnsafeBufferPointer { y in
        winners.withUnsafeBufferPointer { w in
          gradient.scalars.withUnsafeMutableBufferPointer { dx in
            Kernels.maxPoolBackward(
              outputGradient: dy.baseAddress!, output: y.baseAddress!, argmax: w.baseAddress!,
              relu: false, count: input.shape[0], height: input.shape[1], width: input.shape[2],
              channels: input.shape[3], inputGradient: dx.baseAddress!)
          }
        }
      }
    }
    return gradient
  }

  private static func run(_ input: Tensor) -> (output: Tensor, winners: [UInt8]) {
    precondition(
      input.rank == 4 && input.shape[1] >= 2 && input.shape[2] >= 2,
      "pooling needs [n, h >= 2, w >= 2, c], got \(input.shape)")
    let shape = [input.shape[0], input.shape[1] / 2, input.shape[2] / 2, input.shape[3]]
    var output = Tensor(shape: shape)
    var winners = [UInt8](repeating: 0, count: output.count)
    input.scalars.withUnsafeBufferPointer { x in
      output.scalars.withUnsafeMutableBufferPointer { y in
        winners.withUnsafeMutableBufferPointer { w in
          Kernels.maxPoolForward(
            input: x.baseAddress!, count: shape[0], height: input.shape[1],
            width: input.shape[2], channels: shape[3], bias: nil, relu: false,
            output: y.baseAddress!, argmax: w.baseAddress!)
        }
      }
    }
    return (output, winners)
  }
}
