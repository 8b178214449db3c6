import Foundation

/// Every parameter of a study. The defaults reproduce the reference notebook's recipe.
///
/// Stored as JSON (`--config FILE`); keys left out take their default, an unknown key is an
/// error that names it and lists the valid keys at that level.
public struct StudyConfiguration: Codable, Sendable, Equatable {
  /// Version of this schema; a file with a newer version is refused.
  public var version = 1
  /// Seed of every random choice: split ranking, pairs, initial weights, N-way trials.
  public var seed: UInt64 = 1
  /// Worker threads for BLAS and image work. Results are bit-identical for the same seed and
  /// the same thread count.
  public var threads = 2
  public var split = SplitSettings()
  public var preprocessing = PreprocessingSettings()
  public var pairs = PairSettings()
  public var nway = NWaySettings()
  public var training = TrainingSettings()
  public var unknownClass = UnknownClassSettings()
  public var demo = DemoSettings()

  public init() {}

  public struct SplitSettings: Codable, Sendable, Equatable {
    /// training images per class (the "shots")
    public var train = 10
    /// validation images per class (early stopping, learning-rate schedule, unknown threshold)
    public var validation = 10
  }

  public struct PreprocessingSettings: Codable, Sendable, Equatable {
    /// images are resized to size × size pixels
    public var size = 100
    /// 1 = grayscale, 3 = RGB (the notebook used 3)
    public var channels = 1
    /// histogram equalisation after resizing
    public var equalize = true
    /// images with more pixels than this are rejected before decoding
    public var maxPixels = 40_000_000
  }

  public struct PairSettings: Codable, Sendable, Equatable {
    /// pairs per batch: half same-class, half different-class
    public var batchSize = 30
  }

  public struct NWaySettings: Codable, Sendable, Equatable {
    /// the N of each N-way one-shot test
    public var ways = [2, 5, 10, 20, 30]
    /// trials per N
    public var trials = 1000
  }

  public struct TrainingSettings: Codable, Sendable, Equatable {
    /// "koch" (the reference tower) or "small" (a fast tower for tests)
    public var network = "koch"
    public var learningRate = 1e-4
    /// steps (batches) per epoch; validation runs after every epoch
    public var stepsPerEpoch = 10
    public var maxEpochs = 20
    /// ReduceLROnPlateau: multiply the learning rate by this factor ...
    public var reduceFactor = 0.5
    /// ... after this many epochs without a better validation loss
    public var reducePatience = 4
    /// EarlyStopping: stop after this many epochs without a better validation loss
    public var stopPatience = 8
    /// size of the fixed, seeded set of validation pairs
    public var validationPairs = 300
  }

  public struct UnknownClassSettings: Codable, Sendable, Equatable {
    /// classes that never enter training or prototypes; their images test unknown-class flagging
    /// (The notebook held out Virus. The default applies where the dataset has a Virus class;
    /// any other name the dataset does not have is an error. An external validation dataset
    /// may lack it.)
    public var heldOut = ["Virus"]
    /// share of known-class validation images the unknown-class threshold keeps
    public var keepKnown = 0.95
  }

  public struct DemoSettings: Codable, Sendable, Equatable {
    /// phantom images per class in the built-in demo dataset
    public var imagesPerClass = 60
  }
}
