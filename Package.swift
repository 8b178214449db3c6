// swift-tools-version:6.0
import PackageDescription

// C libraries come from Debian's -dev packages; each is reached through one system-library
// target so that no other module includes a C header directly.
let cLibraries: [Target] = [
  .systemLibrary(
    name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
    providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
  .systemLibrary(name: "CPNG", pkgConfig: "libpng16", providers: [.apt(["libpng-dev"])]),
  .systemLibrary(
    name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
  .systemLibrary(
    name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
  .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
  .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
]

let package = Package(
  name: "siamese-report",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "siamese-report", targets: ["siamese-report"]),
  ],
  targets: cLibraries + [
    // The one seedable random generator every other module draws from.
    .target(name: "Randomness"),
    // Numeric engine: tensors, layers, Adam, safetensors. Knows nothing of images or reports.
    .target(name: "SiameseEngine", dependencies: ["COpenBLAS", "Randomness"]),
    // Image decoding (PNG, JPEG) and preprocessing (gray, resize, equalisation).
    .target(name: "Imaging", dependencies: ["CPNG", "CTurboJPEG"]),
    // The built-in demo data: deterministic synthetic chest-radiograph phantoms.
    .target(name: "Phantoms", dependencies: ["Imaging", "Randomness"]),
    // Figures drawn with Cairo and written as PNG.
    .target(name: "Plotting", dependencies: ["CCairo", "Imaging"]),
    // Markdown to HTML with GFM tables, escaping, the page template and atomic output folders.
    .target(name: "Reporting", dependencies: ["CCmarkGFM"]),
    // Content hashing (SHA-256), the file-fingerprint record, stage keys and the stage cache.
    .target(name: "Pipeline", dependencies: ["CCrypto"]),
    // Statistics of the evaluation: seeded randomness, N-way trials, Wilson intervals, ROC,
    // prototype assignment, PCA. Pure Swift, no I/O.
    .target(name: "Evaluation", dependencies: ["Randomness"]),
    // The study: dataset, split, pairs, training, evaluation, stages and the report text.
    .target(
      name: "Study",
      dependencies: [
        "SiameseEngine", "Imaging", "Phantoms", "Plotting", "Reporting", "Pipeline", "Evaluation",
      ],
      resources: [.copy("Resources")]),
    // Command-line parsing and dispatch; the executable only calls into it.
    .target(name: "SiameseCLI", dependencies: ["Study", "SiameseEngine"]),
    .executableTarget(name: "siamese-report", dependencies: ["SiameseCLI"]),

    // Helpers shared by test targets (headless-browser check of a report, temp folders).
    .target(name: "TestSupport", path: "Tests/TestSupport"),

    .testTarget(
      name: "SiameseEngineTests", dependencies: ["SiameseEngine", "Randomness"],
      exclude: ["Reference"]),
    .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
    .testTarget(name: "PhantomsTests", dependencies: ["Phantoms", "Imaging", "Randomness"]),
    .testTarget(name: "PlottingTests", dependencies: ["Plotting", "Imaging"]),
    .testTarget(name: "ReportingTests", dependencies: ["Reporting", "TestSupport"]),
    .testTarget(name: "PipelineTests", dependencies: ["Pipeline"]),
    // Reference/ holds the numpy script the PCA tests run by path; it is not a resource.
    .testTarget(name: "EvaluationTests", dependencies: ["Evaluation"], exclude: ["Reference"]),
    .testTarget(name: "StudyTests", dependencies: ["Study", "Imaging", "Reporting", "TestSupport"]),
    .testTarget(name: "SiameseCLITests", dependencies: ["SiameseCLI", "Study", "TestSupport"]),
  ]
)
