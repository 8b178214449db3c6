/// One convolution of the tower: valid padding, stride 1, ReLU, then optional 2×2 max pooling.
public struct ConvolutionSpec: Codable, Sendable, Equatable {
  /// Output channels.
  public var filters: Int
  /// Square kernel side in pixels.
  public var kernelSize: Int
  /// L2 coefficient λ: the objective gains λ·Σ kernel² (biases are not penalised, as in Keras).
  public var l2: Float
  /// Whether a 2×2, stride-2 max pooling follows the ReLU.
  public var poolAfter: Bool

  /// A convolution of `filters` square `kernelSize` kernels with L2 coefficient `l2`.
  public init(filters: Int, kernelSize: Int, l2: Float, poolAfter: Bool) {
    self.filters = filters
    self.kernelSize = kernelSize
    self.l2 = l2
    self.poolAfter = poolAfter
  }
}

/// The shared tower of the Siamese network: convolutions, flatten, one dense sigmoid layer.
///
/// Input images are square, `inputSize × inputSize × channels`, NHWC. The embedding is the
/// dense layer's sigmoid output, `embeddingSize` values in (0, 1).
public struct TowerConfiguration: Codable, Sendable, Equatable {
  /// Side of the square input images, pixels.
  public var inputSize: Int
  /// Channels of the input images (1 for grey).
  public var channels: Int
  /// The convolutions in order, each followed by ReLU and optionally pooling.
  public var convolutions: [ConvolutionSpec]
  /// Units of the dense sigmoid layer: the length of an embedding.
  public var embeddingSize: Int
  /// L2 coefficient λ of the dense kernel.
  public var denseL2: Float

  /// A tower from its parts; call `validate()` on configurations that come from users.
  public init(
    inputSize: Int, channels: Int, convolutions: [ConvolutionSpec], embeddingSize: Int,
    denseL2: Float
  ) {
    self.inputSize = inputSize
    self.channels = channels
    self.convolutions = convolutions
    self.embeddingSize = embeddingSize
    self.denseL2 = denseL2
  }

  /// The reference tower of Koch et al. (2015): conv 64@10×10 → pool → conv 128@7×7 → pool →
  /// conv 128@4×4 → pool → conv 256@4×4 → flatten → dense 5120 sigmoid; L2 2e-4 on
  /// convolutions and 1e-3 on the dense layer. 33,973,057 parameters at 100×100×1 with the head.
  public static func koch(inputSize: Int = 100, channels: Int = 1) -> TowerConfiguration {
    TowerConfiguration(
      inputSize: inputSize, channels: channels,
      convolutions: [
        ConvolutionSpec(filters: 64, kernelSize: 10, l2: 2e-4, poolAfter: true),
        ConvolutionSpec(filters: 128, kernelSize: 7, l2: 2e-4, poolAfter: true),
        ConvolutionSpec(filters: 128, kernelSize: 4, l2: 2e-4, poolAfter: true),
        ConvolutionSpec(filters: 256, kernelSize: 4, l2: 2e-4, poolAfter: false),
      ],
      embeddingSize: 5120, denseL2: 1e-3)
  }

  /// A tiny tower for tests and quick demos: 2 convolutions with few filters, on small inputs.
  /// On 12×12 inputs: conv 4@3×3 → pool → conv 6@2×2 → flatten → dense 8.
  public static func small(
    inputSize: Int = 12, channels: Int = 1, embeddingSize: Int = 8
  ) -> TowerConfiguration {
    TowerConfiguration(
      inputSize: inputSize, channels: channels,
      convolutions: [
        ConvolutionSpec(filters: 4, kernelSize: 3, l2: 2e-4, poolAfter: true),
        ConvolutionSpec(filters: 6, kernelSize: 2, l2: 2e-4, poolAfter: false),
      ],
      embeddingSize: embeddingSize, denseL2: 1e-3)
  }

  /// Checks that every layer keeps at least one pixel and that all sizes are positive.
  ///
  /// - Throws: `TowerConfigurationError` describing the first problem, for configurations
  ///   that come from users (files, command lines). Building a network from an invalid
  ///   configuration is a programmer error.
  public func validate() throws(TowerConfigurationError) {
    guard inputSize >= 1, channels >= 1, embeddingSize >= 1 else {
      throw TowerConfigurationError(
        reason: "input size, channels and embedding size must be positive (got \(inputSize), "
          + "\(channels), \(embeddingSize))")
    }
    guard geometries() == nil else { return }
    throw TowerConfigurationError(
      reason: "the convolutions \(convolutions.map { "\($0.filters)@\($0.kernelSize)" }) "
        + "shrink a \(inputSize)×\(inputSize) input to nothing; use a larger input or "
        + "smaller kernels")
  }

  /// The convolution geometries in order, with the spatial size entering each one; nil when
  /// some layer would get an empty output (the configuration is unusable).
  func geometries() -> [ConvolutionGeometry]? {
    var size = inputSize
    var inputChannels = channels
    var result: [ConvolutionGeometry] = []
    for spec in convolutions {
      let g = ConvolutionGeometry(
        height: size, width: size, inputChannels: inputChannels, kernelHeight: spec.kernelSize,
        kernelWidth: spec.kernelSize, outputChannels: spec.filters)
      guard spec.kernelSize >= 1, spec.filters >= 1, g.outputHeight >= 1 else { return nil }
      size = spec.poolAfter ? g.outputHeight / 2 : g.outputHeight
      guard size >= 1 else { return nil }
      inputChannels = spec.filters
      result.append(g)
    }
    return result
  }

  /// Values per image entering the dense layer (after flattening).
  var flattenedSize: Int {
    guard let last = geometries()?.last, let spec = convolutions.last else {
      return inputSize * inputSize * channels
    }
    let side = spec.poolAfter ? last.outputHeight / 2 : last.outputHeight
    return side * side * spec.filters
  }
}

/// A tower configuration that cannot be built; `reason` says what is wrong.
public struct TowerConfigurationError: Error, Equatable, CustomStringConvertible {
  /// What is wrong and how to fix it.
  public let reason: String
  public var description: String { "invalid tower configuration: \(reason)" }
}
