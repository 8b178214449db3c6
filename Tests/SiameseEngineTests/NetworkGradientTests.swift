import Foundation
import Randomness
import SiameseEngine
import Testing

/// The small configuration used by the whole-network checks: two poolings, one of them on an
/// odd size (7 → 3), several channels, and a short embedding.
let checkConfiguration = TowerConfiguration(
  inputSize: 16, channels: 2,
  convolutions: [
    ConvolutionSpec(filters: 4, kernelSize: 3, l2: 2e-4, poolAfter: true),
    ConvolutionSpec(filters: 5, kernelSize: 2, l2: 2e-4, poolAfter: true),
    ConvolutionSpec(filters: 6, kernelSize: 2, l2: 2e-4, poolAfter: false),
  ],
  embeddingSize: 10, denseL2: 1e-3)

/// Five images and six pairs; images 0 and 1 are in several pairs, so their gradients gather
/// contributions from each.
let checkPairs = [(0, 1), (1, 2), (0, 3), (4, 1), (2, 4), (0, 4)]
let checkLabels: [Float] = [1, 0, 1, 0, 1, 0]

@Suite struct NetworkGradientTests {
  let images = randomTensor([5, 16, 16, 2], seed: 21, in: 0...1)

  /// A network whose head weights are large enough that the loss depends visibly on every
  /// layer (with Glorot's ±0.77 head on 10 sigmoid outputs the signal is already ample).
  var network: SiameseNetwork { SiameseNetwork(configuration: checkConfiguration, seed: 7) }

  /// Gradient of the whole objective (mean BCE + L2) against central differences on a sample
  /// of entries of every parameter tensor.
  ///
  /// Tolerance: the objective is computed in float32 through the tower and returned as a Float
  /// near 0.7, whose spacing is 6e-8, so a difference quotient with h = 1e-3 is quantised in
  /// steps of 3e-5 (measured errors: at most 2.7e-5). Curvature adds about h²·|J‴| ≈ 1e-6.
  /// Hence |numeric − analytic| ≤ 1e-2·|analytic| + 5e-5. Gradients here are 1e-4 … 2e-2, so a
  /// wrong sign, index or missing pair contribution still shows. A larger h is no option: at
  /// h = 1e-2 bias perturbations already move ReLU and pooling decisions (errors of 3e-3).
  @Test func wholeSiameseLossMatchesFiniteDifferences() throws {
    let base = network
    let (_, gradients) = base.lossAndGradients(
      images: images, pairs: checkPairs, labels: checkLabels)
    var generator = SplitMix64(seed: 99)
    for (index, name) in base.parameterNames.enumerated() {
      let count = base.parameters[index].count
      let sample =
        count <= 12 ? Array(0..<count) : (0..<12).map { _ in Int(generator.next() % UInt64(count)) }
      for entry in sample {
        let h: Float = 1e-3
        var probe = base
        probe.parameters[index].scalars[entry] += h
        let up =
          Double(probe.loss(images: images, pairs: checkPairs, labels: checkLabels))
          + Double(probe.l2Penalty())
        probe.parameters[index].scalars[entry] -= 2 * h
        let down =
          Double(probe.loss(images: images, pairs: checkPairs, labels: checkLabels))
          + Double(probe.l2Penalty())
        let numeric = (up - down) / (2 * Double(h))
        let analytic = Double(gradients[index].scalars[entry])
        #expect(
          abs(numeric - analytic) <= 1e-2 * abs(analytic) + 5e-5,
          "\(name)[\(entry)]: numeric \(numeric), analytic \(analytic)")
      }
    }
  }

  /// Embedding each distinct image once and gathering its gradient from every pair is the
  /// same mathematics as two towers per pair: compare with a batch where every pair has its
  /// own copies of both images.
  @Test func sharedImagesGiveTheSameGradientsAsOneTowerPerSlot() {
    let base = network
    let shared = base.lossAndGradients(images: images, pairs: checkPairs, labels: checkLabels)
    let perSlot = checkPairs.flatMap { [images.item($0.0), images.item($0.1)] }
    let slotImages = Tensor(
      shape: [2 * checkPairs.count, 16, 16, 2], scalars: perSlot.flatMap { Array($0) })
    let slotPairs = (0..<checkPairs.count).map { (2 * $0, 2 * $0 + 1) }
    let separate = base.lossAndGradients(images: slotImages, pairs: slotPairs, labels: checkLabels)
    #expect(abs(shared.loss - separate.loss) < 1e-6)
    for (index, name) in base.parameterNames.enumerated() {
      let error = relativeError(shared.gradients[index].scalars, separate.gradients[index].scalars)
      let largest =
        zip(shared.gradients[index].scalars, separate.gradients[index].scalars)
        .map { abs($0 - $1) }.max() ?? 0
      // Summation order differs between the two layouts. Per-image terms are about 1e-2 and
      // float32 rounds them at ~1e-9; the dense bias gradient is a sum of such terms that
      // cancels down to ~1e-5, so its relative error can reach 1e-4 while every entry still
      // agrees to within a few roundings (< 1e-8).
      #expect(error < 1e-5 || largest < 1e-8, "\(name): relative error \(error), \(largest)")
    }
  }

  @Test func embeddingDoesNotDependOnBatchSize() {
    let whole = network.embed(images, batchSize: 64)
    let inTwos = network.embed(images, batchSize: 2)
    #expect(whole.shape == [5, 10])
    #expect(whole == inTwos)
  }
}
