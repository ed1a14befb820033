/// Maps the generic tree of an `MTConnectError` document, legacy or 2.6 typed, onto
/// ``ErrorDocument``.
enum ErrorMapper {
    static func document(_ root: GenericElement, version: MTConnectVersion?) -> ErrorDocument {
        var document = ErrorDocument(header: Header(), version: version)
        for child in root.children {
            switch child.name {
            case "Header":
                document.header = Header(attributes: child.attributes)
            case "Errors":
                document.errors.append(contentsOf: child.children.map(error))
            default:
                document.errors.append(error(child))
            }
        }
        if document.version == nil, let text = document.header.version {
            document.version = MTConnectVersion(text)
        }
        return document
    }

    private static func error(_ element: GenericElement) -> AgentError {
        if element.name == "Error" {
            return AgentError(code: AgentError.Code(element[attribute: "errorCode"] ?? "UNKNOWN"), message: element.text)
        }
        let code = element[attribute: "errorCode"] ?? upperSnakeCase(element.name)
        let message = element.child(named: "ErrorMessage")?.text ?? element.text
        return AgentError(code: AgentError.Code(code), message: message, elementName: element.name,
                          details: element.children.filter { $0.name != "ErrorMessage" })
    }

    /// `OutOfRange` → `OUT_OF_RANGE`, the code a 2.6 typed error element stands for.
    static func upperSnakeCase(_ name: String) -> String {
        var result = ""
        var previousWasLower = false
        for character in name {
            if character.isUppercase, previousWasLower {
                result.append("_")
            }
            result.append(contentsOf: character.uppercased())
            previousWasLower = character.isLowercase || character.isNumber
        }
        return result
    }
}
