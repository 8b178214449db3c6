/// What the tower's forward pass keeps for its backward pass.
struct TowerCache {
  /// Output of each convolution stage (pooled when the stage pools), NHWC.
  var outputs: [[Float]]
  /// Pooling winners of each stage (empty for stages without pooling).
  var winners: [[UInt8]]
  /// Sigmoid embeddings, `[count, embeddingSize]`.
  var embeddings: [Float]
  let count: Int
}

extension SiameseNetwork {
  /// Values per image after convolution stage `index` (pooled when it pools).
  func stageOutputSize(_ index: Int) -> Int {
    let g = geometries[index]
    return configuration.convolutions[index].poolAfter
      ? (g.outputHeight / 2) * (g.outputWidth / 2) * g.outputChannels
      : g.outputPixels * g.outputChannels
  }

  /// Runs the tower over `count` NHWC images stored in `input`.
  func towerForward(_ input: UnsafeBufferPointer<Float>, count: Int) -> TowerCache {
    precondition(
      input.count == count * geometries[0].inputSize,
      "expected \(count) images of \(geometries[0].inputSize) values, got \(input.count) values")
    var outputs: [[Float]] = []
    var winners: [[UInt8]] = []

    for (index, g) in geometries.enumerated() {
      let pool = configuration.convolutions[index].poolAfter
      let size = count * stageOutputSize(index)
      var output = [Float](repeating: 0, count: size)
      var won = [UInt8](repeating: 0, count: pool ? size : 0)
      func run(_ source: UnsafePointer<Float>) {
        parameters[2 * index].scalars.withUnsafeBufferPointer { kernel in
          parameters[2 * index + 1].scalars.withUnsafeBufferPointer { bias in
            output.withUnsafeMutableBufferPointer { out in
              won.withUnsafeMutableBufferPointer { argmax in
                Kernels.convolutionForward(
                  g, pool: pool, relu: true, kernel: kernel.baseAddress!,
                  bias: bias.baseAddress!, input: source, count: count,
                  output: out.baseAddress!, argmax: pool ? argmax.baseAddress! : nil)
              }
            }
          }
        }
      }
      if index == 0 {
        run(input.baseAddress!)
      } else {
        outputs[index - 1].withUnsafeBufferPointer { run($0.baseAddress!) }
      }
      outputs.append(output)
      winners.append(won)
    }

    let embeddings = denseForward(outputs[outputs.count - 1], count: count)
    return TowerCache(outputs: outputs, winners: winners, embeddings: embeddings, count: count)
  }

  /// `sigmoid(x · W + b)` for the flattened last stage, `[count, embeddingSize]`.
  func denseForward(_ flat: [Float], count: Int) -> [Float] {
    let inputs = configuration.flattenedSize
    let size = configuration.embeddingSize
    var result = [Float](repeating: 0, count: count * size)
    let bias = parameters[denseIndex + 1].scalars
    result.withUnsafeMutableBufferPointer { out in
      for row in 0..<count {
        for j in 0..<size { out[row * size + j] = bias[j] }
      }
      flat.withUnsafeBufferPointer { x in
        parameters[denseIndex].scalars.withUnsafeBufferPointer { w in
          Kernels.gemm(
            m: count, n: size, k: inputs, a: x.baseAddress!, b: w.baseAddress!, beta: 1,
            c: out.baseAddress!)
        }
      }
      for i in 0..<out.count { out[i] = Activation.sigmoid(out[i]) }
    }
    return result
  }

  /// Back-propagates `embeddingGradient` (`[count, embeddingSize]`, the loss derivative with
  /// respect to the embeddings) through the tower, overwriting the tower's entries of
  /// `gradients` (same order as `parameters`; their previous contents do not matter).
  func towerBackward(
    _ input: UnsafeBufferPointer<Float>, cache: TowerCache, embeddingGradient: [Float],
    gradients: inout [Tensor]
  ) {
    let count = cache.count
    let inputs = configuration.flattenedSize
    let size = configuration.embeddingSize

    // Through the sigmoid: dz = de · s · (1 − s).
    var dz = embeddingGradient
    for i in 0..<dz.count {
      let s = cache.embeddings[i]
      dz[i] *= s * (1 - s)
    }

    var upstream = [Float](repeating: 0, count: count * inputs)
    dz.withUnsafeBufferPointer { dz in
      cache.outputs[cache.outputs.count - 1].withUnsafeBufferPointer { x in
        gradients[denseIndex].scalars.withUnsafeMutableBufferPointer { dw in
          Kernels.gemm(
            transposeA: true, m: inputs, n: size, k: count, a: x.baseAddress!,
            b: dz.baseAddress!, beta: 0, c: dw.baseAddress!)
        }
      }
      gradients[denseIndex + 1].scalars.withUnsafeMutableBufferPointer { db in
        db.update(repeating: 0)
        Kernels.addColumnSums(dz.baseAddress!, rows: count, columns: size, into: db.baseAddress!)
      }
      parameters[denseIndex].scalars.withUnsafeBufferPointer { w in
        upstream.withUnsafeMutableBufferPointer { dx in
          Kernels.gemm(
            transposeB: true, m: count, n: inputs, k: size, a: dz.baseAddress!,
            b: w.baseAddress!, beta: 0, c: dx.baseAddress!)
        }
      }
    }

    for index in stride(from: geometries.count - 1, through: 0, by: -1) {
      let g = geometries[index]
      let pool = configuration.convolutions[index].poolAfter
      var downstream = [Float](repeating: 0, count: index == 0 ? 0 : count * g.inputSize)
      // Moved out (not copied) so that both can be written while `gradients` is untouched.
      var kernelGradient: [Float] = []
      var biasGradient: [Float] = []
      swap(&kernelGradient, &gradients[2 * index].scalars)
      swap(&biasGradient, &gradients[2 * index + 1].scalars)
      func run(_ source: UnsafePointer<Float>) {
        parameters[2 * index].scalars.withUnsafeBufferPointer { kernel in
          cache.outputs[index].withUnsafeBufferPointer { output in
            cache.winners[index].withUnsafeBufferPointer { won in
              upstream.withUnsafeBufferPointer { dOut in
                kernelGradient.withUnsafeMutableBufferPointer { dKernel in
                  biasGradient.withUnsafeMutableBufferPointer { dBias in
                    downstream.withUnsafeMutableBufferPointer { dIn in
                      Kernels.convolutionBackward(
                        g, pool: pool, relu: true, kernel: kernel.baseAddress!, input: source,
                        count: count, output: output.baseAddress!,
                        argmax: pool ? won.baseAddress! : nil, outputGradient: dOut.baseAddress!,
                        kernelGradient: dKernel.baseAddress!, biasGradient: dBias.baseAddress!,
                        inputGradient: index == 0 ? nil : dIn.baseAddress!)
                    }
                  }
                }
              }
            }
          }
        }
      }
      if index == 0 {
        run(input.baseAddress!)
      } else {
        cache.outputs[index - 1].withUnsafeBufferPointer { run($0.baseAddress!) }
      }
      swap(&kernelGradient, &gradients[2 * index].scalars)
      swap(&biasGradient, &gradients[2 * index + 1].scalars)
      upstream = downstream
    }
  }
}
