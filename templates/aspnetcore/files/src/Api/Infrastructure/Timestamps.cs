using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Api.Infrastructure;

/// <summary>
/// RFC 3339 date-times: strict on input (<c>T</c>, an offset, a real date), and always
/// <c>YYYY-MM-DDTHH:MM:SS.sssZ</c> in UTC on output.
/// </summary>
public static partial class Timestamps
{
    public const string OutputFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    [GeneratedRegex(@"\A([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    /// <summary>Parses an RFC 3339 date-time to UTC, truncated to milliseconds.</summary>
    public static bool TryParse(string text, out DateTime utc)
    {
        utc = default;
        var match = Rfc3339().Match(text);
        if (!match.Success)
        {
            return false;
        }

        int Part(int group) => int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

        var fraction = match.Groups[7].Success ? match.Groups[7].Value[1..] : "";
        var milliseconds = int.Parse((fraction + "000")[..3], NumberStyles.None, CultureInfo.InvariantCulture);
        var offset = TimeSpan.Zero;
        if (!match.Groups[8].Success)
        {
            int hours = Part(10), minutes = Part(11);
            if (hours > 23 || minutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(hours, minutes, 0);
            if (match.Groups[9].Value == "-")
            {
                offset = offset.Negate();
            }
        }

        try
        {
            var local = new DateTime(Part(1), Part(2), Part(3), Part(4), Part(5), Part(6), milliseconds, DateTimeKind.Utc);
            utc = local - offset;
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    public static string Format(DateTime value) =>
        System.DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString(OutputFormat, CultureInfo.InvariantCulture);
}

/// <summary>Writes every <see cref="DateTime"/> of a response as <c>YYYY-MM-DDTHH:MM:SS.sssZ</c>.</summary>
public sealed class UtcDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Timestamps.TryParse(reader.GetString() ?? "", out var utc) ? utc : throw new JsonException("invalid date-time");

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Timestamps.Format(value));
}
