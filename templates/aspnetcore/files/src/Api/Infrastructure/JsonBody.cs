using System.Text;
using System.Text.Json;

namespace Api.Infrastructure;

/// <summary>
/// Reads a request body the way the contract asks: 415 before anything is read, 413 past
/// 1 MiB without reading further, 400 for invalid UTF-8, invalid or too deeply nested JSON,
/// 400 for JSON that is not an object.
/// </summary>
public static class JsonBody
{
    public const long MaxBytes = 1_048_576;

    private const int MaxDepth = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The parsed object, or the error response to send instead.</summary>
    public static async Task<(JsonDocument? Document, IResult? Error)> ReadObjectAsync(HttpRequest request)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, Errors.Result(StatusCodes.Status415UnsupportedMediaType, Errors.UnsupportedMediaType));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, Errors.Result(StatusCodes.Status413PayloadTooLarge, Errors.BodyTooLarge));
        }

        byte[] bytes;
        try
        {
            bytes = await ReadLimitedAsync(request.Body, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Errors.Result(StatusCodes.Status413PayloadTooLarge, Errors.BodyTooLarge));
        }

        if (bytes.Length > MaxBytes)
        {
            return (null, Errors.Result(StatusCodes.Status413PayloadTooLarge, Errors.BodyTooLarge));
        }

        JsonDocument document;
        try
        {
            StrictUtf8.GetCharCount(bytes);
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (Exception exception) when (exception is JsonException or DecoderFallbackException or ArgumentException)
        {
            return (null, Errors.Result(StatusCodes.Status400BadRequest, Errors.MalformedJson));
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, Errors.Result(StatusCodes.Status400BadRequest, Errors.NotAnObject));
        }

        return (document, null);
    }

    /// <summary>application/json, with any parameters (<c>; charset=utf-8</c>), in any case.</summary>
    public static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';');
        var mediaType = semicolon < 0 ? contentType : contentType[..semicolon];
        return string.Equals(mediaType.Trim(), "application/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads at most <see cref="MaxBytes"/> + 1 bytes, so an oversized body is never read whole.</summary>
    private static async Task<byte[]> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (buffer.Length <= MaxBytes)
        {
            var read = await body.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
