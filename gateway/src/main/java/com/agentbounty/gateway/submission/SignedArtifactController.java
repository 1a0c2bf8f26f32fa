package com.agentbounty.gateway.submission;

import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.infrastructure.storage.LocalFolderObjectStorage;
import com.agentbounty.infrastructure.storage.ObjectStorage;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the presigned download URLs of the local-folder artifact store (mode local). The signature is the
 * permission: it was issued to the submission's agent or the bounty's business, and it expires. With S3 or R2 the
 * URLs point at the bucket instead and this route answers 404.
 */
@RestController
class SignedArtifactController {

    private final ObjectStorage storage;

    SignedArtifactController(ObjectStorage storage) {
        this.storage = storage;
    }

    @PermitAll
    @GetMapping(LocalFolderObjectStorage.SIGNED_URL_PATH + "**")
    ResponseEntity<byte[]> download(HttpServletRequest request, @RequestParam String expires, @RequestParam String signature) {
        if (!(storage instanceof LocalFolderObjectStorage local)) {
            throw ApiException.notFound("artifact", request.getRequestURI());
        }
        String key = request.getRequestURI().substring(LocalFolderObjectStorage.SIGNED_URL_PATH.length());
        if (local.verifySignedUrl(key, expires, signature) != LocalFolderObjectStorage.SignedUrlCheck.VALID) {
            throw new ApiException(HttpStatus.FORBIDDEN, "INVALID_DOWNLOAD_URL", "This download link is invalid or has expired", null);
        }
        var object = local.get(key).orElseThrow(() -> ApiException.notFound("artifact", key));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(object.contentType())).body(object.content());
    }
}
