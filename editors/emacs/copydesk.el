;;; copydesk.el --- copydesk, the editorial linter, through eglot  -*- lexical-binding: t; -*-

;; Package-Requires: ((emacs "28.1") (eglot "1.9"))

;;; Commentary:

;; Runs `copydesk --stdio' for Markdown and plain-text buffers.  Findings show through
;; Flymake; `eglot-code-actions' (or the Flymake diagnostic's menu) applies the fixes, and
;; ElDoc at point explains the rule.  Load it from init.el:
;;
;;   (load "/path/to/copydesk/editors/emacs/copydesk.el")
;;
;; Settings take the keys of .copydesk.toml, for example in .dir-locals.el:
;;
;;   ((nil . ((eglot-workspace-configuration
;;             . (:copydesk (:rules (:phrasing/article-a-an "error")
;;                           :ignore_words ["Depardieu"]))))))

;;; Code:

(require 'eglot)

(defgroup copydesk nil
  "The copydesk editorial linter."
  :group 'tools)

(defcustom copydesk-executable "copydesk"
  "The copydesk binary: a name on `exec-path' or an absolute file name."
  :type 'string)

(defconst copydesk-modes '(markdown-mode gfm-mode markdown-ts-mode text-mode)
  "Major modes copydesk checks.  Modes merely derived from `text-mode' (Org, say) are left alone.")

(add-to-list 'eglot-server-programs
             `(,copydesk-modes . ,(lambda (&rest _) (list copydesk-executable "--stdio"))))

(defun copydesk-maybe-start ()
  "Start copydesk in this buffer when its major mode is one of `copydesk-modes'."
  (when (memq major-mode copydesk-modes)
    (eglot-ensure)))

;; Every Markdown mode derives from `text-mode', so its hook covers them all.
(add-hook 'text-mode-hook #'copydesk-maybe-start)

(provide 'copydesk)
;;; copydesk.el ends here
