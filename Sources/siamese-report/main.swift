import Foundation
import SiameseCLI

exit(CommandLineTool.main(Array(CommandLine.arguments.dropFirst())))
