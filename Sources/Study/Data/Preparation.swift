import Dispatch
import Foundation
import Imaging

/// Decodes and preprocesses every candidate file of a dataset, in parallel, and finds
/// duplicate images.
enum Preparation {
  /// Side of the gray thumbnails compared to find near-duplicates.
  static let thumbnailSide = 16
  /// Two images whose 16×16 gray thumbnails differ by less than this mean absolute difference
  /// (on a 0–1 scale) are taken for the same picture. Re-encoded or rescaled copies differ by
  /// well under 0.01; distinct radiographs of similar patients by several hundredths.
  static let nearDuplicateThreshold: Float = 0.012

  static func prepare(
    listing: DatasetListing, settings: StudyConfiguration.PreprocessingSettings, threads: Int,
    log: Log
  ) -> PreparedData {
    let preprocessing = Preprocessing(
      size: settings.size, channels: settings.channels, equalize: settings.equalize)
    let entries = listing.entries
    let outcomes = OutcomeBuffer(count: entries.count)
    let counter = ProgressCounter()

    let workers = max(1, threads)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var index = worker
      while index < entries.count {
        let url = listing.root.appendingPathComponent(entries[index].file)
        outcomes.set(index, decode(url, name: entries[index].file, preprocessing, settings))
        let done = counter.increment()
        if done % 50 == 0 || done == entries.count {
          log.progress("decoding", done: done, total: entries.count)
        }
        index += workers
      }
    }

    let labelOf = Dictionary(uniqueKeysWithValues: listing.classes.enumerated().map { ($1, $0) })
    var images: [StudyImage] = []
    var pixels: [Float] = []
    var thumbnails: [Float] = []
    var rejected: [RejectedFile] = []
    pixels.reserveCapacity(entries.count * settings.size * settings.size * settings.channels)
    for (index, entry) in entries.enumerated() {
      switch outcomes.get(index) {
      case .failure(let error):
        rejected.append(RejectedFile(file: entry.file, reason: error.reasonText))
        log.warning("skipping \(error.description)")
      case .success(let decoded):
        images.append(
          StudyImage(
            entry: entry, label: labelOf[entry.className]!, originalWidth: decoded.width,
            originalHeight: decoded.height, originalChannels: decoded.channels,
            meanBrightness: decoded.mean, pixelDigest: decoded.digest))
        pixels += decoded.pixels
        thumbnails += decoded.thumbnail
      case nil:
        preconditionFailure("file \(index) was not processed")
      }
    }

    return PreparedData(
      classes: listing.classes, images: images, pixels: pixels, size: settings.size,
      channels: settings.channels, rejected: rejected,
      duplicates: findDuplicates(images: images, thumbnails: thumbnails))
  }

  struct Decoded: Sendable {
    var width: Int
    var height: Int
    var channels: Int
    var mean: Double
    var digest: String
    var thumbnail: [Float]
    var pixels: [Float]
  }

  private static func decode(
    _ url: URL, name: String, _ preprocessing: Preprocessing,
    _ settings: StudyConfiguration.PreprocessingSettings
  ) -> Result<Decoded, ImageError> {
    let raster: Raster
    do {
      raster = try ImageDecoder.decode(file: url, pixelLimit: settings.maxPixels)
    } catch {
      return .failure(ImageError(file: name, reason: error.reason))
    }
    let gray = raster.grayscale()
    let thumbnail = gray.resized(width: thumbnailSide, height: thumbnailSide)
    return .success(
      Decoded(
        width: raster.width, height: raster.height, channels: raster.channels,
        mean: Double(gray.meanSample), digest: digest(raster), thumbnail: thumbnail.samples,
        pixels: preprocessing.apply(raster).samples))
  }

  /// FNV-1a over the dimensions and the bit patterns of the samples.
  static func digest(_ raster: Raster) -> String {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    func mix(_ value: UInt64) {
      var value = value
      for _ in 0..<8 {
        hash = (hash ^ (value & 0xFF)) &* 0x0000_0100_0000_01B3
        value >>= 8
      }
    }
    mix(UInt64(raster.width))
    mix(UInt64(raster.height))
    mix(UInt64(raster.channels))
    for sample in raster.samples { mix(UInt64(sample.bitPattern)) }
    return String(hash, radix: 16)
  }

  /// Pairs of images with identical pixels or near-identical thumbnails, each pair once,
  /// (lower index, higher index), sorted.
  static func findDuplicates(images: [StudyImage], thumbnails: [Float]) -> [DuplicatePair] {
    let side = thumbnailSide * thumbnailSide
    var pairs: [DuplicatePair] = []
    thumbnails.withUnsafeBufferPointer { thumbs in
      for a in images.indices {
        for b in (a + 1)..<images.count {
          if images[a].pixelDigest == images[b].pixelDigest {
            pairs.append(DuplicatePair(first: a, second: b, kind: "identical pixels"))
            continue
          }
          var difference: Float = 0
          let limit = nearDuplicateThreshold * Float(side)
          for i in 0..<side {
            difference += abs(thumbs[a * side + i] - thumbs[b * side + i])
            if difference >= limit { break }
          }
          if difference < limit {
            pairs.append(DuplicatePair(first: a, second: b, kind: "near-identical at 16×16"))
          }
        }
      }
    }
    return pairs
  }
}

/// Results written by worker threads, each slot by exactly one worker.
private final class OutcomeBuffer: @unchecked Sendable {
  // Each slot is written once by one worker and read only after concurrentPerform returns,
  // which orders the writes before the reads. Raw memory rather than an array property, so that
  // concurrent writes to different slots do not trip Swift's exclusivity checks.
  typealias Outcome = Result<Preparation.Decoded, ImageError>?
  private let slots: UnsafeMutablePointer<Outcome>
  private let count: Int

  init(count: Int) {
    self.count = count
    slots = .allocate(capacity: max(count, 1))
    slots.initialize(repeating: nil, count: count)
  }

  deinit {
    slots.deinitialize(count: count)
    slots.deallocate()
  }

  func set(_ index: Int, _ value: Outcome) {
    slots[index] = value
  }

  func get(_ index: Int) -> Outcome {
    slots[index]
  }
}

final class ProgressCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  func increment() -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += 1
    return value
  }
}
