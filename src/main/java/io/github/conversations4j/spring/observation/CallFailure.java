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
        return switch (result.status()) {
            case 0 -> new ResourceAccessException(result);
            case 400 -> new BadRequest(result);
            case 401 -> new Unauthorized(result);
            case 403 -> new Forbidden(result);
            case 404 -> new NotFound(result);
            case 405 -> new MethodNotAllowed(result);
            case 406 -> new NotAcceptable(result);
            case 409 -> new Conflict(result);
            case 410 -> new Gone(result);
            case 415 -> new UnsupportedMediaType(result);
            case 422 -> new UnprocessableEntity(result);
            case 429 -> new TooManyRequests(result);
            case 500 -> new InternalServerError(result);
            case 501 -> new NotImplemented(result);
            case 502 -> new BadGateway(result);
            case 503 -> new ServiceUnavailable(result);
            case 504 -> new GatewayTimeout(result);
            default ->
                switch (result.status() / 100) {
                    case 4 -> new HttpClientErrorException(result);
                    case 5 -> new HttpServerErrorException(result);
                    // A response the SDK could not use (a 2xx it could not decode, a status it does not know).
                    default -> new RestClientException(result);
                };
        };
    }

    static final class ResourceAccessException extends CallFailure {
        ResourceAccessException(CallListener.Result r) {
            super(r);
        }
    }

    static final class RestClientException extends CallFailure {
        RestClientException(CallListener.Result r) {
            super(r);
        }
    }

    static final class HttpClientErrorException extends CallFailure {
        HttpClientErrorException(CallListener.Result r) {
            super(r);
        }
    }

    static final class HttpServerErrorException extends CallFailure {
        HttpServerErrorException(CallListener.Result r) {
            super(r);
        }
    }

    static final class BadRequest extends CallFailure {
        BadRequest(CallListener.Result r) {
            super(r);
        }
    }

    static final class Unauthorized extends CallFailure {
        Unauthorized(CallListener.Result r) {
            super(r);
        }
    }

    static final class Forbidden extends CallFailure {
        Forbidden(CallListener.Result r) {
            super(r);
        }
    }

    static final class NotFound extends CallFailure {
        NotFound(CallListener.Result r) {
            super(r);
        }
    }

    static final class MethodNotAllowed extends CallFailure {
        MethodNotAllowed(CallListener.Result r) {
            super(r);
        }
    }

    static final class NotAcceptable extends CallFailure {
        NotAcceptable(CallListener.Result r) {
            super(r);
        }
    }

    static final class Conflict extends CallFailure {
        Conflict(CallListener.Result r) {
            super(r);
        }
    }

    static final class Gone extends CallFailure {
        Gone(CallListener.Result r) {
            super(r);
        }
    }

    static final class UnsupportedMediaType extends CallFailure {
        UnsupportedMediaType(CallListener.Result r) {
            super(r);
        }
    }

    static final class UnprocessableEntity extends CallFailure {
        UnprocessableEntity(CallListener.Result r) {
            super(r);
        }
    }

    static final class TooManyRequests extends CallFailure {
        TooManyRequests(CallListener.Result r) {
            super(r);
        }
    }

    static final class InternalServerError extends CallFailure {
        InternalServerError(CallListener.Result r) {
            super(r);
        }
    }

    static final class NotImplemented extends CallFailure {
        NotImplemented(CallListener.Result r) {
            super(r);
        }
    }

    static final class BadGateway extends CallFailure {
        BadGateway(CallListener.Result r) {
            super(r);
        }
    }

    static final class ServiceUnavailable extends CallFailure {
        ServiceUnavailable(CallListener.Result r) {
            super(r);
        }
    }

    static final class GatewayTimeout extends CallFailure {
        GatewayTimeout(CallListener.Result r) {
            super(r);
        }
    }
}
