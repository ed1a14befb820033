import ArgumentParser
import Foundation
import MongoKit

/// `mtc bson FILE`: prints the documents of a BSON file (one or more concatenated documents,
/// as `mongodump` writes them) as relaxed extended JSON, one per line.
struct BSONCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bson",
        abstract: "Print the documents of a BSON file as extended JSON, one per line."
    )

    @Argument(help: "A file of concatenated BSON documents, such as a mongodump .bson file.")
    var file: String

    func run() throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw CLIFailure("cannot read \(file): \(error.localizedDescription)")
        }
        do {
            for document in try BSONDocument.documents(concatenatedIn: Array(data)) {
                print(try document.extendedJSON())
            }
        } catch {
            throw CLIFailure("\(file) is not a BSON file: \(error.message)")
        }
    }
}
