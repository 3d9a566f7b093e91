using System.Net;

namespace CallCluster.Speech.OpenAi;

/// <summary>An HTTP status worth retrying (408, 429, 5xx); raised inside the retry pipeline only.</summary>
internal sealed class TransientHttpException : Exception
{
    public TransientHttpException()
    {
    }

    public TransientHttpException(string message)
        : base(message)
    {
    }

    public TransientHttpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TransientHttpException(HttpStatusCode status, string message)
        : base(message)
    {
        Status = status;
    }

    public HttpStatusCode Status { get; }

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
