/// What happened during training, epoch by epoch.
public struct TrainingHistory: Sendable, Codable, Equatable {
  public struct Epoch: Sendable, Codable, Equatable {
    public let epoch: Int
    /// mean training loss (binary cross-entropy, without the L2 penalty) over the epoch's steps
    public let trainingLoss: Double
    /// binary cross-entropy on the fixed validation pairs after the epoch
    public let validationLoss: Double
    /// learning rate used during the epoch
    public let learningRate: Double
  }

  public var epochs: [Epoch] = []
  /// epochs after which ReduceLROnPlateau lowered the learning rate
  public var learningRateDrops: [Int] = []
  /// the epoch whose weights were kept (lowest validation loss)
  public var bestEpoch = 0
  public var bestValidationLoss = Double.infinity
  public var steps = 0
  /// why training ended: "early stopping after epoch 12" or "reached maxEpochs (40)"
  public var stopReason = ""
  /// validation loss of the initial weights, before any step
  public var initialValidationLoss = 0.0
  public var seconds = 0.0
  public var pairsPerSecond = 0.0
}
