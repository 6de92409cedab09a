using System.Globalization;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Hamdel.Server.Features.Metrics;

/// <summary>A metric's table as a file: CSV (UTF-8 with a byte-order mark, so spreadsheets read Persian and Arabic) or XLSX.</summary>
internal static class MetricExport
{
    public static readonly string[] Formats = ["csv", "xlsx"];

    /// <summary>The table's rows, header first: group columns (names where known), period, value, n, interval, enough.</summary>
    public static List<object?[]> Table(MetricResult result, CultureInfo culture)
    {
        var header = new List<object?>();
        foreach (var group in result.GroupBy)
        {
            header.Add(group);
        }
        header.AddRange(["periodStart", "periodEnd", "value", "n", "low", "high", "enough"]);
        var rows = new List<object?[]> { header.ToArray() };
        foreach (var value in result.Values)
        {
            var row = new List<object?>();
            foreach (var group in result.GroupBy)
            {
                var key = value.Group.GetValueOrDefault(group == "day" || group == "week" || group == "month" || group == "quarter" || group == "year" ? "period" : group) ?? "";
                row.Add(result.Labels.GetValueOrDefault($"{group}:{key}") ?? (key.Length == 0 ? Strings.Get("Metrics.None", culture) : key));
            }
            row.AddRange([value.PeriodStart ?? result.From, value.PeriodEnd ?? result.To, value.Value, value.N, value.Low, value.High, value.Enough]);
            rows.Add([.. row]);
        }
        return rows;
    }

    public static byte[] Csv(MetricResult result, CultureInfo culture)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        {
            using var csv = CsvWriter.Create(writer, new CsvWriterOptions(), true);
            foreach (var row in Table(result, culture))
            {
                foreach (var cell in row)
                {
                    csv.WriteField(cell switch
                    {
                        null => "",
                        bool b => b ? "true" : "false",
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        _ => cell.ToString(),
                    });
                }
                csv.EndRecord();
            }
            csv.Flush();
        }
        return stream.ToArray();
    }

    public static byte[] Xlsx(MetricResult result, CultureInfo culture)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            uint rowIndex = 0;
            foreach (var row in Table(result, culture))
            {
                var line = new Row { RowIndex = ++rowIndex };
                foreach (var cell in row)
                {
                    line.Append(cell switch
                    {
                        null => new Cell(),
                        double d => new Cell { DataType = CellValues.Number, CellValue = new CellValue(d) },
                        long l => new Cell { DataType = CellValues.Number, CellValue = new CellValue((double)l) },
                        bool b => new Cell { DataType = CellValues.Boolean, CellValue = new CellValue(b) },
                        _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(cell.ToString() ?? "")) },
                    });
                }
                data.Append(line);
            }
            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = result.Metric.Length > 31 ? result.Metric[..31] : result.Metric });
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    public static IResult File(MetricResult result, string format, CultureInfo culture) => format == "xlsx"
        ? TypedResults.File(Xlsx(result, culture), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{result.Metric}-{result.From}-{result.To}.xlsx")
        : TypedResults.File(Csv(result, culture), "text/csv; charset=utf-8", $"{result.Metric}-{result.From}-{result.To}.csv");
}
