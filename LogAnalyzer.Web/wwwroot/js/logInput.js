// Browser side of the Log Input pane. The pasted text never travels as one SignalR message:
// textStream() hands .NET a Blob that Blazor reads as a chunked IJSStreamReference.
const encoder = new TextEncoder();

// A textarea holding megabytes makes Chromium lay out the whole text on every page update. A paste larger than
// this is kept in memory instead; the textarea shows its beginning, read-only, until the person clears it.
const largePasteChars = 1024 * 1024;
const previewChars = 64 * 1024;
const held = new Map();

function byId(id) {
    return document.getElementById(id);
}

function utf8Length(text) {
    // Exact UTF-8 size without allocating the encoded copy for pure-ASCII text.
    let ascii = true;
    for (let i = 0; i < text.length; i += 4096) {
        if (/[^\x00-\x7f]/.test(text.substring(i, i + 4096))) { ascii = false; break; }
    }
    return ascii ? text.length : encoder.encode(text).length;
}

/** Wires size reporting and drag-and-drop of files onto the whole input pane. */
export function attach(rootId, textAreaId, fileInputId, dotnet) {
    const root = byId(rootId);
    const area = byId(textAreaId);
    if (!root || !area || root.dataset.attached === "true") {
        return;
    }
    root.dataset.attached = "true";
    let timer = 0;
    const report = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
            const value = textOf(textAreaId);
            dotnet.invokeMethodAsync("OnPastedTextChanged", utf8Length(value), value.trim().length === 0, held.has(textAreaId))
                .catch(() => { });
        }, 200);
    };
    area.addEventListener("input", report);
    area.addEventListener("paste", e => {
        const text = e.clipboardData ? e.clipboardData.getData("text/plain") : "";
        if (text.length <= largePasteChars) {
            return;
        }
        e.preventDefault();
        hold(area, text);
        report();
    });

    const hasFiles = e => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes("Files");
    root.addEventListener("dragover", e => {
        if (!hasFiles(e)) { return; }
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
        root.classList.add("la-dragging");
    });
    root.addEventListener("dragleave", e => {
        if (!root.contains(e.relatedTarget)) { root.classList.remove("la-dragging"); }
    });
    root.addEventListener("drop", e => {
        root.classList.remove("la-dragging");
        if (!hasFiles(e)) { return; }
        const input = byId(fileInputId);
        if (e.target === input || !input) { return; }
        e.preventDefault();
        // Hand the dropped file to Blazor's InputFile, which streams it to the server.
        const transfer = new DataTransfer();
        transfer.items.add(e.dataTransfer.files[0]);
        input.files = transfer.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    // "#group-C" selects a group: on a link opened before the analysis (applied once results have it) and when the
    // fragment changes while the page is open.
    const fragment = () => {
        if (location.hash) {
            dotnet.invokeMethodAsync("OnFragmentChanged", location.hash).catch(() => { });
        }
    };
    window.addEventListener("hashchange", fragment);
    fragment();

    // A file dropped beside the pane must not navigate away (that would end the session).
    window.addEventListener("dragover", e => { if (hasFiles(e)) { e.preventDefault(); } });
    window.addEventListener("drop", e => { if (hasFiles(e)) { e.preventDefault(); } });
}

function hold(area, text) {
    held.set(area.id, text);
    area.value = text.substring(0, previewChars) + "\n…";
    area.readOnly = true;
    area.scrollTop = 0;
}

function textOf(textAreaId) {
    if (held.has(textAreaId)) {
        return held.get(textAreaId);
    }
    const area = byId(textAreaId);
    return area ? area.value : "";
}

/** UTF-8 size of the pasted text, in bytes. */
export function textSize(textAreaId) {
    return utf8Length(textOf(textAreaId));
}

/** The pasted text as a Blob: .NET reads it as a stream (IJSStreamReference), in chunks. */
export function textStream(textAreaId) {
    return new Blob([textOf(textAreaId)], { type: "text/plain" });
}

/** Replaces the input (a large text is held in memory, like a large paste). */
export function setText(textAreaId, text) {
    const area = byId(textAreaId);
    if (!area) { return; }
    held.delete(textAreaId);
    area.readOnly = false;
    if (text.length > largePasteChars) {
        hold(area, text);
    } else {
        area.value = text;
        area.scrollTop = 0;
    }
    area.dispatchEvent(new Event("input", { bubbles: true }));
}

/** Saves bytes streamed from .NET (DotNetStreamReference) as a file. */
export async function download(fileName, contentType, streamRef) {
    const buffer = await streamRef.arrayBuffer();
    const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = fileName;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function writeClipboard(text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        let ok = false;
        try { ok = document.execCommand("copy"); } catch { ok = false; }
        area.remove();
        return ok;
    }
}

/** Copies text streamed from .NET (large JSON documents stay out of one message). */
export async function copyFromStream(streamRef) {
    const buffer = await streamRef.arrayBuffer();
    return writeClipboard(new TextDecoder().decode(buffer));
}

export function copyText(text) {
    return writeClipboard(text);
}

export function reveal(elementId) {
    const element = byId(elementId);
    if (element) {
        element.scrollIntoView({ block: "start", behavior: "auto" });
        element.focus({ preventScroll: true });
    }
}

/** Names the selection in the address bar without navigating (and without a new history entry). */
export function setFragment(fragment) {
    if (location.hash !== fragment) {
        history.replaceState(history.state, "", fragment);
    }
}

/**
 * Scrolls the pane holding the element so the element is at its top, without scrolling the page; where the panes
 * are stacked (narrow windows) the page scrolls instead. Optionally moves the focus to a control inside it.
 */
export function revealInPane(elementId, focusSelector) {
    const element = byId(elementId);
    if (!element) {
        return false;
    }
    const pane = element.closest(".la-pane");
    const paneScrolls = pane && getComputedStyle(pane).overflowY !== "visible" && pane.scrollHeight > pane.clientHeight;
    if (paneScrolls) {
        pane.scrollTop += element.getBoundingClientRect().top - pane.getBoundingClientRect().top - 8;
    } else {
        element.scrollIntoView({ block: "start", behavior: "auto" });
    }
    const target = focusSelector ? element.querySelector(focusSelector) : null;
    if (target) {
        target.focus({ preventScroll: true });
    }
    return true;
}
