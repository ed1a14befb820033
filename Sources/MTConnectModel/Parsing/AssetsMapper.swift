/// Maps the generic tree of an `MTConnectAssets` document or a bare asset element onto
/// ``Asset`` values.
enum AssetsMapper {
    static func document(_ root: GenericElement, version: MTConnectVersion?) -> AssetsDocument {
        var document = AssetsDocument(header: Header(), version: version)
        for child in root.children {
            switch child.name {
            case "Header":
                document.header = Header(attributes: child.attributes)
            case "Assets":
                document.assets.append(contentsOf: child.children.map(asset))
            default:
                break
            }
        }
        if document.version == nil, let text = document.header.version {
            document.version = MTConnectVersion(text)
        }
        return document
    }

    static func asset(_ element: GenericElement) -> Asset {
        let isCuttingTool = element.name == "CuttingTool" || element.name == "CuttingToolArchetype"
        return Asset(
            type: element.name, assetId: element[attribute: "assetId"] ?? "",
            deviceUuid: element[attribute: "deviceUuid"],
            timestamp: element[attribute: "timestamp"].flatMap { MTConnectTimestamp(iso8601: $0) },
            removed: element[attribute: "removed"] == "true",
            cuttingTool: isCuttingTool ? cuttingTool(element) : nil, element: element)
    }

    static func cuttingTool(_ element: GenericElement) -> CuttingTool {
        var tool = CuttingTool(serialNumber: element[attribute: "serialNumber"], toolId: element[attribute: "toolId"],
                               manufacturers: element[attribute: "manufacturers"],
                               description: element.child(named: "Description")?.text)
        guard let lifeCycle = element.child(named: "CuttingToolLifeCycle") else { return tool }
        for child in lifeCycle.children {
            switch child.name {
            case "CutterStatus": tool.cutterStatus = child.children.map(\.text)
            case "ProgramToolNumber": tool.programToolNumber = child.text
            case "ProgramToolGroup": tool.programToolGroup = child.text
            case "Location": tool.location = child.text
            case "ToolLife": tool.toolLife.append(life(child))
            case "Measurements": tool.measurements = child.children.map(measurement)
            case "CuttingItems":
                tool.cuttingItemCount = child[attribute: "count"].flatMap { Int($0) }
                tool.cuttingItems = child.children.filter { $0.name == "CuttingItem" }.map(cuttingItem)
            default: break
            }
        }
        return tool
    }

    private static func cuttingItem(_ element: GenericElement) -> CuttingTool.CuttingItem {
        CuttingTool.CuttingItem(
            indices: element[attribute: "indices"], itemId: element[attribute: "itemId"],
            grade: element[attribute: "grade"], manufacturers: element[attribute: "manufacturers"],
            measurements: element.child(named: "Measurements")?.children.map(measurement) ?? [],
            itemLife: element.children.filter { $0.name == "ItemLife" }.map(life))
    }

    private static func life(_ element: GenericElement) -> CuttingTool.ToolLife {
        CuttingTool.ToolLife(
            type: element[attribute: "type"], countDirection: element[attribute: "countDirection"],
            value: Double(element.text), initial: element[attribute: "initial"].flatMap { Double($0) },
            limit: element[attribute: "limit"].flatMap { Double($0) },
            warning: element[attribute: "warning"].flatMap { Double($0) })
    }

    private static func measurement(_ element: GenericElement) -> CuttingTool.Measurement {
        CuttingTool.Measurement(
            type: element.name, code: element[attribute: "code"], value: Double(element.text),
            nominal: element[attribute: "nominal"].flatMap { Double($0) },
            minimum: element[attribute: "minimum"].flatMap { Double($0) },
            maximum: element[attribute: "maximum"].flatMap { Double($0) },
            units: element[attribute: "units"])
    }
}
