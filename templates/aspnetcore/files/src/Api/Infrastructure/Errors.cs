using System.Text.Json.Serialization;

namespace Api.Infrastructure;

/// <summary>The body of every error response: <c>{"error": "..."}</c>.</summary>
public sealed record ErrorBody([property: JsonPropertyName("error")] string Error);

/// <summary>The body of a 422: <c>{"error": "validation failed", "fields": {...}}</c>.</summary>
public sealed record ValidationErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, string> Fields);

/// <summary>The body of <c>GET /health</c>.</summary>
public sealed record HealthBody([property: JsonPropertyName("status")] string Status);

/// <summary>The contract's error texts and the responses that carry them.</summary>
public static class Errors
{
    public const string MalformedJson = "malformed JSON";
    public const string NotAnObject = "body must be a JSON object";
    public const string NotFound = "not found";
    public const string MethodNotAllowed = "method not allowed";
    public const string BodyTooLarge = "body too large";
    public const string UnsupportedMediaType = "content type must be application/json";
    public const string ValidationFailed = "validation failed";
    public const string Internal = "internal error";

    public static IResult Result(int status, string message) =>
        Results.Json(new ErrorBody(message), statusCode: status);

    public static IResult Validation(IReadOnlyDictionary<string, string> fields) =>
        Results.Json(new ValidationErrorBody(ValidationFailed, fields), statusCode: StatusCodes.Status422UnprocessableEntity);

    /// <summary>Writes an error from middleware, where no endpoint result is involved.</summary>
    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorBody(message));
    }
}
