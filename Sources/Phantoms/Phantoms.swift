import Dispatch
import Foundation
import Imaging
import Randomness

/// The built-in demo dataset: synthetic chest-radiograph phantoms in four classes.
///
/// The images are made up. Each shows a body outline, dark lungs with vessel markings and
/// diaphragm domes, mediastinum, spine, heart shadow, ribs and clavicles; the class adds a sign
/// inside the lungs:
/// - Normal: none;
/// - Bacteria: dense lobar consolidation in one lung, crossed by branching air bronchograms
///   (mostly the right lower zone, but any lobe; size and density vary);
/// - COVID-19: patches of fine-grained ground-glass haze in both lungs, mostly peripheral and
///   lower-zone (number, places and sizes vary);
/// - Virus: diffuse bilateral interstitial streaks from the hila.
///
/// Anatomy (body width, lung size and shape, rib spacing, heart size) varies between patients;
/// position (about +-2 px at 100 px), rotation (+-3 degrees), scale, exposure and noise vary
/// between images. Each sign keeps its local look but moves around, so raw-pixel nearest
/// neighbour stays near 10 to 15 % at 20-way one-shot while a trained Siamese network gets
/// 25 to 30 % on the default demo study (seeds 1 to 3).
public enum Phantoms {
  /// The four classes, in the order used for folders and figures.
  public static let classNames = ["Normal", "Bacteria", "COVID-19", "Virus"]

  /// One gray `size` x `size` phantom of class `className`, identical for identical arguments
  /// on any machine with the same libm.
  ///
  /// Images `5k` and `5k + 1` of a class show the same patient (same anatomy, different shot and
  /// different disease extent); see `patientNumber(index:)`. An unknown `className` draws a
  /// Normal-looking chest. Samples are in [0, 1].
  public static func image(className: String, index: Int, seed: UInt64, size: Int = 128) -> Raster {
    precondition(size > 0 && index >= 0, "phantom size and index must be positive")
    var patientRNG = SplitMix64(
      label: "phantom-patient/" + className, seed, UInt64(patientNumber(index: index)))
    let anatomy = Anatomy(using: &patientRNG)
    var shotRNG = SplitMix64(label: "phantom-shot/" + className, seed, UInt64(index))
    let shot = Acquisition(using: &shotRNG)
    let sign = DiseaseSign(className: className, anatomy: anatomy, using: &shotRNG)

    var samples = [Float](repeating: 0, count: size * size)
    for py in 0..<size {
      for px in 0..<size {
        let u = (Double(px) + 0.5) / Double(size) * 2 - 1
        let v = (Double(py) + 0.5) / Double(size) * 2 - 1
        let (x, y) = shot.patientPoint(u, v)
        let lungs = anatomy.lungMask(x, y)
        var d = anatomy.density(x, y, lungs: lungs)
        if lungs > 0 {
          // A sign fills air spaces, so it shows where the lung is airy and not over the heart.
          let air = min(max((0.45 - d) / 0.3, 0), 1)
          d += lungs * air * sign.density(x, y, anatomy: anatomy)
        }
        samples[py * size + px] = Float(shot.expose(d, u, v, noise: shotRNG.gaussian()))
      }
    }
    return Raster(width: size, height: size, channels: 1, samples: samples)
  }

  /// Zero-based patient number of image `index` within its class: in every run of five
  /// images the first two share a patient, so 4 patients give 5 images.
  public static func patientNumber(index: Int) -> Int {
    (index / 5) * 4 + max(0, index % 5 - 1)
  }

  /// Writes `<folder>/<class>/<class>-NNN.png` (NNN from 001) for every class, `perClass` images
  /// each at 128 px, and `<folder>/metadata.csv` with columns `file,patient_id` (file relative to
  /// `folder`, patient ids like `Normal-P001`). Byte-identical output for identical arguments.
  ///
  /// - Throws: file-system errors naming the path, or `PNGWriteError`.
  public static func writeDataset(to folder: URL, perClass: Int = 60, seed: UInt64 = 1) throws {
    precondition(perClass > 0, "perClass must be positive, got \(perClass)")
    let jobs = classNames.flatMap { name in (0..<perClass).map { (name, $0) } }

    // Rendering dominates; each image is independent, so render in parallel into fixed slots
    // and write in order afterwards.
    let slots = ResultSlots(count: jobs.count)
    DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
      let (name, index) = jobs[i]
      let raster = image(className: name, index: index, seed: seed)
      slots.store(i, Result { () throws(PNGWriteError) in try PNGWriter.encode(raster) })
    }

    var csv = "file,patient_id\n"
    for name in classNames {
      try FileManager.default.createDirectory(
        at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
    }
    for (i, (name, index)) in jobs.enumerated() {
      let file = "\(name)/\(name)-\(threeDigits(index + 1)).png"
      let bytes = try slots.take(i).get()
      try Data(bytes).write(to: folder.appendingPathComponent(file), options: .atomic)
      csv += "\(file),\(name)-P\(threeDigits(patientNumber(index: index) + 1))\n"
    }
    try Data(csv.utf8).write(to: folder.appendingPathComponent("metadata.csv"), options: .atomic)
  }

  private static func threeDigits(_ n: Int) -> String {
    let text = String(n)
    return String(repeating: "0", count: max(0, 3 - text.count)) + text
  }
}

/// Fixed slots filled from concurrent workers, each slot written once by one worker. The lock
/// keeps the array's storage safe under concurrent writes; it is held only to store a value.
private final class ResultSlots: @unchecked Sendable {
  private var values: [Result<[UInt8], PNGWriteError>?]
  private let lock = NSLock()

  init(count: Int) { values = Array(repeating: nil, count: count) }

  func store(_ i: Int, _ value: Result<[UInt8], PNGWriteError>) {
    lock.lock()
    values[i] = value
    lock.unlock()
  }

  func take(_ i: Int) -> Result<[UInt8], PNGWriteError> {
    lock.lock()
    defer { lock.unlock() }
    guard let value = values[i] else { preconditionFailure("slot \(i) was never filled") }
    return value
  }
}
