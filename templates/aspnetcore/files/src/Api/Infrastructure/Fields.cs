using System.Text.Json;

namespace Api.Infrastructure;

/// <summary>
/// Reads one field of a request body with the contract's rules. Each reader returns the value,
/// or null when the field is absent or null (an error for a required field), or null after
/// recording a message in <c>errors</c> when the value has the wrong type or range.
/// </summary>
public static class Fields
{
    /// <summary>2^53 - 1: the largest integer every JSON parser keeps exact.</summary>
    public const long MaxSafeInteger = 9_007_199_254_740_991;

    public const int MaxStringLength = 255;

    public static string? String(JsonElement body, string name, bool required, Dictionary<string, string> errors)
    {
        var text = Text(body, name, required, errors);
        if (text is not null && text.EnumerateRunes().Count() > MaxStringLength)
        {
            errors[name] = "must be at most 255 characters";
            return null;
        }

        return text;
    }

    public static string? Text(JsonElement body, string name, bool required, Dictionary<string, string> errors)
    {
        if (!Present(body, name, required, errors, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors[name] = "must be a string";
            return null;
        }

        if (!TryGetString(value, out var text))
        {
            errors[name] = "must be valid Unicode text";
            return null;
        }

        if (text.Contains('\0'))
        {
            errors[name] = "must not contain U+0000";
            return null;
        }

        return text;
    }

    public static long? Int(JsonElement body, string name, bool required, Dictionary<string, string> errors)
    {
        if (!Present(body, name, required, errors, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number > MaxSafeInteger || number < -MaxSafeInteger)
        {
            errors[name] = "must be a whole number between -(2^53-1) and 2^53-1";
            return null;
        }

        return number;
    }

    public static double? Float(JsonElement body, string name, bool required, Dictionary<string, string> errors)
    {
        if (!Present(body, name, required, errors, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            errors[name] = "must be a finite number";
            return null;
        }

        return number;
    }

    public static bool? Bool(JsonElement body, string name, bool required, Dictionary<string, string> errors)
    {
        if (!Present(body, name, required, errors, out var value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors[name] = "must be true or false";
            return null;
        }

        return value.GetBoolean();
    }

    public static DateTime? DateTime(JsonElement body, string name, bool required, Dictionary<string, string> errors)
    {
        if (!Present(body, name, required, errors, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !TryGetString(value, out var text) || !Timestamps.TryParse(text, out var utc))
        {
            errors[name] = "must be an RFC 3339 date-time with an offset";
            return null;
        }

        return utc;
    }

    /// <summary>GetString, which throws on escaped lone surrogates (<c>"\ud800"</c>): a 422, not a 500.</summary>
    private static bool TryGetString(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static bool Present(JsonElement body, string name, bool required, Dictionary<string, string> errors, out JsonElement value)
    {
        if (body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            errors[name] = "is required";
        }

        return false;
    }
}
