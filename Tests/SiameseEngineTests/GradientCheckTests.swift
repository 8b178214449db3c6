import Foundation
import Randomness
import SiameseEngine
import Testing

/// Finite-difference checks of every backward pass.
///
/// Each layer's output is reduced to a scalar `L = Σ r ⊙ y` with fixed random weights r, summed
/// in Double, and the analytic gradient of L is compared with central differences
/// `(L(θ + h) − L(θ − h)) / 2h`. Convolution, dense and (away from ties) pooling are linear in
/// each input, so central differences have no truncation error and only float32 rounding
/// remains: about 6e-8·|L| / h, which with h = 1e-2 and |L| ≲ 10 is below 1e-4 in absolute
/// terms against gradients of order 1. A norm-wise relative error of 1e-3 therefore has a
/// margin of about ten, yet catches any wrong index, sign or missing term (those give errors
/// of order 1).
@Suite struct GradientCheckTests {
  /// Central-difference gradient of `f` at every entry of `point`.
  func numericGradient(_ point: [Float], step h: Float, _ f: ([Float]) -> Double) -> [Float] {
    var gradient = [Float](repeating: 0, count: point.count)
    var probe = point
    for i in point.indices {
      probe[i] = point[i] + h
      let up = f(probe)
      probe[i] = point[i] - h
      let down = f(probe)
      probe[i] = point[i]
      gradient[i] = Float((up - down) / (2 * Double(h)))
    }
    return gradient
  }

  @Test func convolution() {
    // Two images so that both workers take part; odd sizes and several channels.
    let input = randomTensor([2, 5, 6, 3], seed: 1)
    let layer = Conv2D(
      kernel: randomTensor([3, 2, 3, 4], seed: 2), bias: randomTensor([4], seed: 3))
    let r = randomTensor([2, 3, 5, 4], seed: 4).scalars
    let (dx, dk, db) = layer.backward(
      input: input, outputGradient: Tensor(shape: [2, 3, 5, 4], scalars: r))

    let numericInput = numericGradient(input.scalars, step: 1e-2) {
      weightedSum(layer.forward(Tensor(shape: input.shape, scalars: $0)).scalars, r)
    }
    let numericKernel = numericGradient(layer.kernel.scalars, step: 1e-2) {
      let probe = Conv2D(kernel: Tensor(shape: layer.kernel.shape, scalars: $0), bias: layer.bias)
      return weightedSum(probe.forward(input).scalars, r)
    }
    let numericBias = numericGradient(layer.bias.scalars, step: 1e-2) {
      let probe = Conv2D(kernel: layer.kernel, bias: Tensor(shape: [4], scalars: $0))
      return weightedSum(probe.forward(input).scalars, r)
    }
    #expect(relativeError(dx.scalars, numericInput) < 1e-3)
    #expect(relativeError(dk.scalars, numericKernel) < 1e-3)
    #expect(relativeError(db.scalars, numericBias) < 1e-3)
  }

  @Test func maxPooling() {
    // Distinct values 0.1 apart (a shuffled ramp), so a step of 1e-2 never changes a winner.
    var generator = SplitMix64(seed: 5)
    let values = (0..<(2 * 5 * 7 * 3)).map { Float($0) * 0.1 }.shuffled(using: &generator)
    let input = Tensor(shape: [2, 5, 7, 3], scalars: values)
    let r = randomTensor([2, 2, 3, 3], seed: 6).scalars
    let analytic = MaxPool2D.backward(
      input: input, outputGradient: Tensor(shape: [2, 2, 3, 3], scalars: r))
    let numeric = numericGradient(input.scalars, step: 1e-2) {
      weightedSum(MaxPool2D.forward(Tensor(shape: input.shape, scalars: $0)).scalars, r)
    }
    #expect(relativeError(analytic.scalars, numeric) < 1e-3)
  }

  @Test func dense() {
    let input = randomTensor([3, 7], seed: 7)
    let layer = Dense(kernel: randomTensor([7, 5], seed: 8), bias: randomTensor([5], seed: 9))
    let r = randomTensor([3, 5], seed: 10).scalars
    let (dx, dk, db) = layer.backward(
      input: input, outputGradient: Tensor(shape: [3, 5], scalars: r))
    let numericInput = numericGradient(input.scalars, step: 1e-2) {
      weightedSum(layer.forward(Tensor(shape: input.shape, scalars: $0)).scalars, r)
    }
    let numericKernel = numericGradient(layer.kernel.scalars, step: 1e-2) {
      let probe = Dense(kernel: Tensor(shape: [7, 5], scalars: $0), bias: layer.bias)
      return weightedSum(probe.forward(input).scalars, r)
    }
    let numericBias = numericGradient(layer.bias.scalars, step: 1e-2) {
      let probe = Dense(kernel: layer.kernel, bias: Tensor(shape: [5], scalars: $0))
      return weightedSum(probe.forward(input).scalars, r)
    }
    #expect(relativeError(dx.scalars, numericInput) < 1e-3)
    #expect(relativeError(dk.scalars, numericKernel) < 1e-3)
    #expect(relativeError(db.scalars, numericBias) < 1e-3)
  }

  @Test func reluAndSigmoid() {
    // ReLU inputs stay at least 0.05 away from the kink, so h = 1e-2 never crosses it.
    var x = randomTensor([40], seed: 11)
    x.scalars = x.scalars.map { $0 >= 0 ? $0 + 0.05 : $0 - 0.05 }
    let r = randomTensor([40], seed: 12).scalars
    let reluGradient = ReLU.backward(input: x, outputGradient: Tensor(shape: [40], scalars: r))
    let numericRelu = numericGradient(x.scalars, step: 1e-2) {
      weightedSum(ReLU.forward(Tensor(shape: [40], scalars: $0)).scalars, r)
    }
    #expect(relativeError(reluGradient.scalars, numericRelu) < 1e-3)

    // The sigmoid is curved: truncation error h²·|σ'''|/6 ≤ 1e-4 · 0.125 / 6 ≈ 2e-6, far below
    // its gradients (about 0.2), so the same bound holds.
    let s = Sigmoid.forward(x)
    let sigmoidGradient = Sigmoid.backward(
      output: s, outputGradient: Tensor(shape: [40], scalars: r))
    let numericSigmoid = numericGradient(x.scalars, step: 1e-2) {
      weightedSum(Sigmoid.forward(Tensor(shape: [40], scalars: $0)).scalars, r)
    }
    #expect(relativeError(sigmoidGradient.scalars, numericSigmoid) < 1e-3)
  }
}

/// Layers large enough to take the engine's other convolution path (unfolding along the width
/// only, used when a kernel row holds ≥ 256 values and the output has ≥ 1024 pixels), against
/// direct loops accumulated in Double.
@Suite struct LargeConvolutionTests {
  @Test func widthUnfoldedPathMatchesDirectLoops() {
    // 4×4 kernel on 64 channels: rows of 256 values; 36×36 input → 33×33 = 1089 pixels.
    let (n, side, cin, kside, cout) = (2, 36, 64, 4, 3)
    let input = randomTensor([n, side, side, cin], seed: 31)
    let layer = Conv2D(
      kernel: randomTensor([kside, kside, cin, cout], seed: 32, in: -0.1...0.1),
      bias: randomTensor([cout], seed: 33))
    let out = side - kside + 1
    let r = randomTensor([n, out, out, cout], seed: 34)
    let output = layer.forward(input)
    let (dx, dk, db) = layer.backward(input: input, outputGradient: r)

    var expected = [Double](repeating: 0, count: output.count)
    var expectedDx = [Double](repeating: 0, count: input.count)
    var expectedDk = [Double](repeating: 0, count: layer.kernel.count)
    var expectedDb = [Double](repeating: 0, count: cout)
    for image in 0..<n {
      for y in 0..<out {
        for x in 0..<out {
          for o in 0..<cout {
            let outIndex = ((image * out + y) * out + x) * cout + o
            let g = Double(r.scalars[outIndex])
            var sum = Double(layer.bias.scalars[o])
            expectedDb[o] += g
            for p in 0..<kside {
              for q in 0..<kside {
                for c in 0..<cin {
                  let inIndex = ((image * side + y + p) * side + x + q) * cin + c
                  let kIndex = ((p * kside + q) * cin + c) * cout + o
                  sum += Double(input.scalars[inIndex]) * Double(layer.kernel.scalars[kIndex])
                  expectedDx[inIndex] += g * Double(layer.kernel.scalars[kIndex])
                  expectedDk[kIndex] += g * Double(input.scalars[inIndex])
                }
              }
            }
            expected[outIndex] = sum
          }
        }
      }
    }
    // Sums of up to 2,000 float32 products: rounding stays far below 1e-5 relative.
    #expect(relativeError(output.scalars, expected.map { Float($0) }) < 1e-5)
    #expect(relativeError(dx.scalars, expectedDx.map { Float($0) }) < 1e-5)
    #expect(relativeError(dk.scalars, expectedDk.map { Float($0) }) < 1e-5)
    #expect(relativeError(db.scalars, expectedDb.map { Float($0) }) < 1e-5)
  }
}
