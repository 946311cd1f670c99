package io.github.conversations4j.spring.observation;

import io.github.conversations4j.CallListener;

/**
 * What a failed call's observation is given as its error: named as Spring's {@code RestClient} names the exception
 * of the same failure ({@code NotFound} for a 404, {@code ServiceUnavailable} for a 503,
 * {@code ResourceAccessException} when no response came), so that the {@code exception} key and the {@code error}
 * tag Micrometer's meter handler adds have the same values for both clients. Its message names the status, the
 * SDK exception's type and the request line, never a key, id or message text; it has no stack trace.
 */
class CallFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallFailure(CallListener.Result result) {
        super(describe(result), null, false, false);
    }

    private static String describe(CallListener.Result result) {
        return (result.status() == 0 ? "no response" : "HTTP " + result.status()) + " ("
                + result.failure().getName() + ") on " + result.call().method() + " "
                + result.call().pathTemplate();
    }

    /**
     * The failure of a call, named as Spring names it.
     *
     * @param result a failed call's result
     * @return the error for its observation
     */
    static CallFailure of(CallListener.Result result) {
        switch (result.status()) {
            case 0:
                return new ResourceAccessException(result);
            case 400:
                return new BadRequest(result);
            case 401:
                return new Unauthorized(result);
            case 403:
                return new Forbidden(result);
            case 404:
                return new NotFound(result);
            case 405:
                return new MethodNotAllowed(result);
            case 406:
                return new NotAcceptable(result);
            case 409:
                return new Conflict(result);
            case 410:
                return new Gone(result);
            case 415:
                return new UnsupportedMediaType(result);
            case 422:
                return new UnprocessableEntity(result);
            case 429:
                return new TooManyRequests(result);
            case 500:
                return new InternalServerError(result);
            case 501:
                return new NotImplemented(result);
            case 502:
                return new BadGateway(result);
            case 503:
                return new ServiceUnavailable(result);
            case 504:
                return new GatewayTimeout(result);
            default:
                if (result.status() >= 400 && result.status() < 500) {
                    return new HttpClientErrorException(result);
                } else if (result.status() >= 500 && result.status() < 600) {
                    return new HttpServerErrorException(result);
                }
                // A response the SDK could not use (a 2xx it could not decode, a status it does not know).
                return new RestClientException(result);
        }
    }

    static final class ResourceAccessException extends CallFailure {
        private static final long serialVersionUID = 1L;

        ResourceAccessException(CallListener.Result r) {
            super(r);
        }
    }

    static final class RestClientException extends CallFailure {
        private static final long serialVersionUID = 1L;

        RestClientException(CallListener.Result r) {
            super(r);
        }
    }

    static final class HttpClientErrorException extends CallFailure {
        private static final long serialVersionUID = 1L;

        HttpClientErrorException(CallListener.Result r) {
            super(r);
        }
    }

    static final class HttpServerErrorException extends CallFailure {
        private static final long serialVersionUID = 1L;

        HttpServerErrorException(CallListener.Result r) {
            super(r);
        }
    }

    static final class BadRequest extends CallFailure {
        private static final long serialVersionUID = 1L;

        BadRequest(CallListener.Result r) {
            super(r);
        }
    }

    static final class Unauthorized extends CallFailure {
        private static final long serialVersionUID = 1L;

        Unauthorized(CallListener.Result r) {
            super(r);
        }
    }

    static final class Forbidden extends CallFailure {
        private static final long serialVersionUID = 1L;

        Forbidden(CallListener.Result r) {
            super(r);
        }
    }

    static final class NotFound extends CallFailure {
        private static final long serialVersionUID = 1L;

        NotFound(CallListener.Result r) {
            super(r);
        }
    }

    static final class MethodNotAllowed extends CallFailure {
        private static final long serialVersionUID = 1L;

        MethodNotAllowed(CallListener.Result r) {
            super(r);
        }
    }

    static final class NotAcceptable extends CallFailure {
        private static final long serialVersionUID = 1L;

        NotAcceptable(CallListener.Result r) {
            super(r);
        }
    }

    static final class Conflict extends CallFailure {
        private static final long serialVersionUID = 1L;

        Conflict(CallListener.Result r) {
            super(r);
        }
    }

    static final class Gone extends CallFailure {
        private static final long serialVersionUID = 1L;

        Gone(CallListener.Result r) {
            super(r);
        }
    }

    static final class UnsupportedMediaType extends CallFailure {
        private static final long serialVersionUID = 1L;

        UnsupportedMediaType(CallListener.Result r) {
            super(r);
        }
    }

    static final class UnprocessableEntity extends CallFailure {
        private static final long serialVersionUID = 1L;

        UnprocessableEntity(CallListener.Result r) {
            super(r);
        }
    }

    static final class TooManyRequests extends CallFailure {
        private static final long serialVersionUID = 1L;

        TooManyRequests(CallListener.Result r) {
            super(r);
        }
    }

    static final class InternalServerError extends CallFailure {
        private static final long serialVersionUID = 1L;

        InternalServerError(CallListener.Result r) {
            super(r);
        }
    }

    static final class NotImplemented extends CallFailure {
        private static final long serialVersionUID = 1L;

        NotImplemented(CallListener.Result r) {
            super(r);
        }
    }

    static final class BadGateway extends CallFailure {
        private static final long serialVersionUID = 1L;

        BadGateway(CallListener.Result r) {
            super(r);
        }
    }

    static final class ServiceUnavailable extends CallFailure {
        private static final long serialVersionUID = 1L;

        ServiceUnavailable(CallListener.Result r) {
            super(r);
        }
    }

    static final class GatewayTimeout extends CallFailure {
        private static final long serialVersionUID = 1L;

        GatewayTimeout(CallListener.Result r) {
            super(r);
        }
    }
}
