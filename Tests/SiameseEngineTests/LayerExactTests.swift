import Foundation
import SiameseEngine
import Testing

/// Small cases worked out by hand, one per layer.
@Suite struct LayerExactTests {
  @Test func convolutionMatchesHandComputedValues() {
    // Input 3×3 = 1…9; kernel 2×2 = [[1, 2], [3, 4]]; bias 1. out[0, 0] = 1·1 + 2·2 + 3·4 +
    // 4·5 + 1 = 38, and the window moves by one pixel for the others.
    let input = Tensor(shape: [1, 3, 3, 1], scalars: (1...9).map(Float.init))
    let layer = Conv2D(
      kernel: Tensor(shape: [2, 2, 1, 1], scalars: [1, 2, 3, 4]),
      bias: Tensor(shape: [1], scalars: [1]))
    let output = layer.forward(input)
    #expect(output.shape == [1, 2, 2, 1])
    #expect(output.scalars == [38, 48, 68, 78])
  }

  @Test func convolutionUsesHWIOAndNHWCLayouts() {
    // Two input and two output channels on a 1×1 kernel: out[o] = Σ_c x[c]·k[c, o] + b[o].
    let input = Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
    let layer = Conv2D(
      kernel: Tensor(shape: [1, 1, 2, 2], scalars: [1, 10, 100, 1000]),
      bias: Tensor(shape: [2], scalars: [0, 0.5]))
    // Pixel 0: x = (1, 2): (1·1 + 2·100, 1·10 + 2·1000 + 0.5); pixel 1: x = (3, 4).
    #expect(layer.forward(input).scalars == [201, 2010.5, 403, 4030.5])
  }

  @Test func convolutionGradientsMatchHandComputedValues() {
    let input = Tensor(shape: [1, 3, 3, 1], scalars: (1...9).map(Float.init))
    let layer = Conv2D(
      kernel: Tensor(shape: [2, 2, 1, 1], scalars: [1, 2, 3, 4]),
      bias: Tensor(shape: [1], scalars: [1]))
    let gradient = Tensor(shape: [1, 2, 2, 1], repeating: 1)
    let (dx, dk, db) = layer.backward(input: input, outputGradient: gradient)
    // With all-ones output gradient: dk[p, q] = sum of the 2×2 block of x at (p, q);
    // db = number of outputs; dx[i, j] = sum of the kernel taps that touch pixel (i, j).
    #expect(dk.scalars == [12, 16, 24, 28])
    #expect(db.scalars == [4])
    #expect(dx.scalars == [1, 3, 2, 4, 10, 6, 3, 7, 4])
  }

  @Test func maxPoolingKeepsWindowMaximaAndDropsOddEdges() {
    let input = Tensor(
      shape: [1, 3, 5, 1],
      scalars: [
        1, 5, 2, 0, 9,
        3, 4, 8, 7, -1,
        100, 100, 100, 100, 100,
      ])
    #expect(MaxPool2D.forward(input).scalars == [5, 8])
    let gradient = MaxPool2D.backward(
      input: input, outputGradient: Tensor(shape: [1, 1, 2, 1], scalars: [10, 20]))
    #expect(gradient.scalars == [0, 10, 0, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0])
  }

  @Test func maxPoolingSendsTiesToTheFirstPosition() {
    let input = Tensor(shape: [1, 2, 2, 1], scalars: [3, 3, 3, 3])
    let gradient = MaxPool2D.backward(
      input: input, outputGradient: Tensor(shape: [1, 1, 1, 1], scalars: [1]))
    #expect(gradient.scalars == [1, 0, 0, 0])
  }

  @Test func denseMatchesHandComputedValues() {
    let layer = Dense(
      kernel: Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]),
      bias: Tensor(shape: [3], scalars: [0.5, 0, -1]))
    let input = Tensor(shape: [1, 2], scalars: [1, 2])
    #expect(layer.forward(input).scalars == [9.5, 12, 14])
    let (dx, dk, db) = layer.backward(
      input: input, outputGradient: Tensor(shape: [1, 3], scalars: [1, 0, -1]))
    #expect(dx.scalars == [-2, -2])
    #expect(dk.scalars == [1, 0, -1, 2, 0, -2])
    #expect(db.scalars == [1, 0, -1])
  }

  @Test func activationsAndFlatten() {
    let x = Tensor(shape: [1, 2, 2, 1], scalars: [-2, 0, 0.5, 3])
    #expect(ReLU.forward(x).scalars == [0, 0, 0.5, 3])
    #expect(
      ReLU.backward(input: x, outputGradient: Tensor(shape: x.shape, repeating: 2)).scalars
        == [0, 0, 2, 2])
    #expect(Sigmoid.forward(Tensor(shape: [1], scalars: [0])).scalars == [0.5])
    #expect(Activation.sigmoid(-200) == 0)
    #expect(Activation.sigmoid(200) == 1)
    let flat = Flatten.forward(x)
    #expect(flat.shape == [1, 4] && flat.scalars == x.scalars)
    #expect(Flatten.backward(outputGradient: flat, inputShape: x.shape) == x)
  }

  @Test func crossEntropyFromLogitsIsFiniteAndExact() {
    #expect(abs(BinaryCrossEntropy.loss(logit: 0, label: 1) - log(2.0)) < 1e-12)
    #expect(BinaryCrossEntropy.loss(logit: 100, label: 0) == 100)
    #expect(BinaryCrossEntropy.loss(logit: -100, label: 1) == 100)
    #expect(BinaryCrossEntropy.loss(logit: 1e4, label: 1) == 0)
    #expect(BinaryCrossEntropy.loss(logit: -1e30, label: 1).isFinite)
    #expect(BinaryCrossEntropy.gradient(logit: 0, label: 1) == -0.5)
  }

  @Test func headLogitIsWeightedAbsoluteDifference() {
    var network = SiameseNetwork(configuration: .small(embeddingSize: 3), seed: 1)
    let head = network.parameterNames.firstIndex(of: "head.kernel")!
    network.parameters[head].scalars = [1, -2, 0.5]
    network.parameters[head + 1].scalars = [0.25]
    // |(1, 4, 2) − (3, 1, 2)| = (2, 3, 0): 1·2 − 2·3 + 0.5·0 + 0.25 = −3.75.
    #expect(network.similarityLogit([1, 4, 2], [3, 1, 2]) == -3.75)
    #expect(network.similarity([1, 4, 2], [3, 1, 2]) == Activation.sigmoid(-3.75))
  }
}
