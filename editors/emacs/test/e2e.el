;;; e2e.el --- End-to-end test of copydesk.el with eglot and a real copydesk  -*- lexical-binding: t; -*-

;; Run by run.sh: emacs --batch -Q -l e2e.el, with COPYDESK (the binary) and
;; COPYDESK_E2E_DIR (an empty scratch directory) in the environment.  Opens a damaged
;; article, waits for copydesk's findings in Flymake, applies a quick fix through
;; `eglot-code-actions' as a user would, and exits 1 on the first failure or timeout.

;;; Code:

(require 'cl-lib)
(require 'flymake)
(load (expand-file-name "../copydesk.el" (file-name-directory load-file-name)) nil t)

(defconst copydesk-test-timeout 20 "Seconds to wait for the server at each step.")

(defconst copydesk-test-article
  '("Council votes on new library"
    ""
    "The council approved the the plan on Tuesday after a long debate."
    ""
    "Funding — as agreed in May — will come from an university grant.")
  "An article with two slips; em dashes precede the second to test column units.")

(defun copydesk-test-fail (format-string &rest args)
  (princ (format "FAIL: %s\nemacs e2e: 0 passed, 1 failed\n" (apply #'format format-string args)))
  (kill-emacs 1))

(defun copydesk-test-wait (what pred)
  "Process events until PRED holds, failing after `copydesk-test-timeout' seconds."
  (let ((deadline (+ (float-time) copydesk-test-timeout)))
    (while (not (funcall pred))
      (when (> (float-time) deadline)
        (copydesk-test-fail "timed out waiting for %s" what))
      ;; What a user's editing loop does between keystrokes: eglot connects from
      ;; post-command-hook and sends changes, and Flymake asks for findings, on idle
      ;; timers, which a batch Emacs never runs by itself.
      (run-hooks 'post-command-hook)
      (mapc #'timer-event-handler (copy-sequence timer-idle-list))
      (accept-process-output nil 0.05))))

(defun copydesk-test-findings ()
  "Rule id → Flymake diagnostic, for copydesk's findings in this buffer."
  (let (found)
    (dolist (diag (flymake-diagnostics) found)
      (let ((lsp (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data diag)))))
        (when lsp
          (push (cons (plist-get lsp :code) diag) found))))))

(defun copydesk-test-expect-at (rule line text)
  "Expect RULE's finding to cover TEXT on 1-based LINE."
  (let ((diag (cdr (assoc rule (copydesk-test-findings))))
        (want (save-excursion
                (goto-char (point-min))
                (forward-line (1- line))
                (search-forward text (line-end-position))
                (cons (match-beginning 0) (match-end 0)))))
    (unless diag
      (copydesk-test-fail "no %s finding" rule))
    (unless (equal (cons (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag)) want)
      (copydesk-test-fail "%s at %d-%d, expected %d-%d (%S)" rule
                          (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag)
                          (car want) (cdr want) text))
    diag))

(defun copydesk-test-quick-fix (diag)
  "Apply the quick fix offered at DIAG, taking the default when several are offered."
  ;; As if invoked from the keyboard (a menu would pop up after a mouse event) and the
  ;; user pressed RET at the prompt, which picks the server's preferred fix.
  (cl-letf ((last-nonmenu-event ?\r)
            ((symbol-function 'completing-read)
             (lambda (_prompt _collection &optional _pred _match _initial _hist default &rest _)
               default)))
    (eglot-code-actions (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag) "quickfix" t)))

(defun copydesk-test-line (n)
  (save-excursion
    (goto-char (point-min))
    (forward-line (1- n))
    (buffer-substring-no-properties (line-beginning-position) (line-end-position))))

(defun copydesk-test-run ()
  (let* ((dir (file-name-as-directory (or (getenv "COPYDESK_E2E_DIR") (copydesk-test-fail "COPYDESK_E2E_DIR is not set"))))
         (file (expand-file-name "article.txt" dir)))
    (setq copydesk-executable (or (getenv "COPYDESK") (copydesk-test-fail "COPYDESK is not set")))
    (with-temp-file (expand-file-name ".copydesk.toml" dir) (insert ""))
    (with-temp-file file (insert (mapconcat #'identity copydesk-test-article "\n") "\n"))
    (find-file file)
    (unless (eq major-mode 'text-mode)
      (copydesk-test-fail "major mode is %s" major-mode))
    ;; copydesk.el's hook must have asked eglot to connect on the next command.
    (copydesk-test-wait "eglot to connect" (lambda () (eglot-current-server)))
    (copydesk-test-wait "both findings in Flymake"
                        (lambda () (let ((found (copydesk-test-findings)))
                                     (and (assoc "phrasing/doubled-word" found)
                                          (assoc "phrasing/article-a-an" found)))))
    (let ((doubled (copydesk-test-expect-at "phrasing/doubled-word" 3 "the the")))
      (copydesk-test-expect-at "phrasing/article-a-an" 5 "an university")
      (copydesk-test-quick-fix doubled))
    (copydesk-test-wait "the doubled word to be fixed"
                        (lambda () (equal (copydesk-test-line 3)
                                          "The council approved the plan on Tuesday after a long debate.")))
    (copydesk-test-wait "findings after the edit"
                        (lambda () (let ((found (copydesk-test-findings)))
                                     (and (not (assoc "phrasing/doubled-word" found))
                                          (assoc "phrasing/article-a-an" found)))))
    (copydesk-test-quick-fix (copydesk-test-expect-at "phrasing/article-a-an" 5 "an university"))
    (copydesk-test-wait "the article to be fixed"
                        (lambda () (equal (copydesk-test-line 5)
                                          "Funding — as agreed in May — will come from a university grant.")))
    (princ "emacs e2e: 1 passed, 0 failed\n")))

(condition-case err
    (progn (copydesk-test-run) (kill-emacs 0))
  (error (copydesk-test-fail "%s" (error-message-string err))))

;;; e2e.el ends here
